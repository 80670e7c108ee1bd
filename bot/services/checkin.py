"""Check-ins, streaks and personal timezones (SPEC §2)."""

from __future__ import annotations

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.roadmap import day_on_roadmap
from bot.domain.streaks import CheckinResult, Outcome, apply_checkin, checked_in, shown_streak
from bot.domain.timeutil import canonical_timezone, human_date, zone
from bot.domain.wording import plural
from bot.replies import Button, Field, Reply
from bot.services.actor import Actor, MemberRef
from bot.services.members import (
    enrol,
    member_timezone,
    member_today,
    refresh_streak_end,
    stored_streak,
    streak_values,
    subject,
    visit,
)
from bot.services.progress import Progression
from bot.services.streak_care import HoldEnd, end_hold_on, hold_line, on_hold, repair_hint

CHECKIN_XP = 10
NOTE_MAX = 500
CHECKIN_BUTTON = Button("Check in", "checkin", style="success")
TIMEZONE_RESET_WORDS = frozenset({"reset", "clear", "none", "off"})


def clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise BadInput(f"Your note is {len(note)} characters; keep it to {NOTE_MAX} or fewer.")
    return note or None


def joined_note(kept: str | None, note: str) -> str:
    """Today's note with ``note`` added on a new line (a repeated note is kept once)."""
    if not kept:
        return note
    if kept.splitlines()[-1] == note:
        return kept  # the same note twice: a double tap, not news
    joined = f"{kept}\n{note}"
    if len(joined) > NOTE_MAX:
        raise BadInput(
            f"Today's note would be {len(joined)} characters with this one; notes keep "
            f"{NOTE_MAX} at most, and today's has {len(kept)}."
        )
    return joined


class CheckinService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, progress: Progression, catalog: Catalog
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._progress = progress
        self._roadmap_length = len(catalog.roadmap.days)

    async def checkin(self, actor: Actor, note: str | None = None) -> Reply:
        note = clean_note(note)
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            day = member_today(member, community, now)
            streak = stored_streak(member)
            ended = HoldEnd(frozenset())
            if streak.held and not checked_in(streak, day):  # a check-in ends a hold
                ended = await end_hold_on(uow, member, day)
            result = apply_checkin(streak, day, ended.held)
            if not result.credited:
                last = result.before.last_day
                assert last is not None
                if note is not None:
                    row = await uow.checkins.on_day(member.id, last)
                    if row is not None:
                        row.note = joined_note(row.note, note)
                await uow.commit()
                return _already_reply(result, note is not None)
            # The rule's writes and no more: the history rows (one INSERT), the ledger row,
            # then the streak, the XP and the day in one UPDATE of the member and one upsert
            # of the period counters. The check-in keeps the group's roadmap day of it as it
            # is now: /roadmap counts it there whatever /admin roadmap-day does later.
            on_roadmap = day_on_roadmap(community.roadmap_start, day, self._roadmap_length)
            await uow.checkins.record_day(member.id, day, now, note, result.frozen_days, on_roadmap)
            await uow.xp.award(
                member,
                CHECKIN_XP,
                "checkin",
                f"checkin:{day.isoformat()}",
                now,
                day,
                days=1,
                values=streak_values(result.after, member, community),
            )
            await self._progress.review(uow, community, member, now)
            await uow.commit()
            return _credited_reply(result, hold_ended=ended.kept is not None)

    async def streak(self, actor: Actor, target: MemberRef | None = None) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)  # looking enrols no one
            community, member = enrolment.community, await subject(uow, enrolment, target)
            today = member_today(member, community, now)
            streak = stored_streak(member)
            own = member.id == enrolment.member.id
            mend = await repair_hint(uow, member, streak, today) if own else ""
            await uow.commit()
        shown = shown_streak(streak, today)
        who = "Your" if own else f"{member.name}'s"
        fields = (
            Field("Current", plural(shown, "day")),
            Field("Longest", plural(streak.longest, "day")),
            Field("Freezes", f"{streak.freezes} of 2"),
            Field("Last check-in", human_date(streak.last_day) if streak.last_day else "never"),
        )
        done_today = checked_in(streak, today)
        if on_hold(member, today):
            text = ("Checked in for today. " if done_today else "") + hold_line(member, own)
            return Reply(text, title=f"{who} streak", fields=fields)
        if own and not done_today:
            return Reply(
                "You have not checked in for today yet." + mend,
                title=f"{who} streak",
                fields=fields,
                buttons=(CHECKIN_BUTTON,),
            )
        text = "Checked in for today." if done_today else "Not checked in for today yet."
        return Reply(text, title=f"{who} streak", fields=fields)

    async def timezone(self, actor: Actor, name: str | None = None) -> Reply:
        """Show, set or reset (``reset``) the member's personal timezone."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await (visit(uow, actor, now) if name is None else enrol(uow, actor, now))
            member, community = enrolment.member, enrolment.community
            if name is None:
                await uow.commit()
                source = (
                    "your personal setting"
                    if member.timezone
                    else "your Slack profile"
                    if member.platform_timezone
                    else "the community default"
                )
                tz = member_timezone(member, community)
                return Reply(
                    f"Your timezone is {tz} (from {source}). Your study day is "
                    f"{human_date(member_today(member, community, now))}. "
                    "Change it with /timezone Area/City, or /timezone reset."
                )
            if name.strip().lower() in TIMEZONE_RESET_WORDS:
                member.timezone = None
                message = "Your personal timezone is cleared"
            else:
                member.timezone = canonical_timezone(name)
                message = f"Your timezone is now {member.timezone}"
            refresh_streak_end(member, community)
            await uow.commit()
        tz = member_timezone(member, community)
        local = now.astimezone(zone(tz))
        day = member_today(member, community, now)
        named = "" if tz in message else f" ({tz})"  # "is now Asia/Kolkata" names it already
        # Only someone with check-ins has days to worry about (a new member has none).
        kept = (
            " Days you already checked in for stay counted, and none is counted twice."
            if member.last_study_day is not None
            else ""
        )
        return Reply(
            f"{message}; it is {local:%H:%M} there{named} and your study day is "
            f"{human_date(day)}.{kept}"
        )


def _credited_reply(result: CheckinResult, hold_ended: bool = False) -> Reply:
    after = result.after
    assert after.last_day is not None
    lines = [f"Checked in for {human_date(after.last_day)}. +{CHECKIN_XP} XP"]
    if hold_ended:
        lines.append("Welcome back: this check-in ends your hold.")
    if result.outcome is Outcome.FROZEN:
        used = len(result.frozen_days)
        lines.append(
            f"You missed {plural(used, 'day')}; {plural(used, 'freeze')} kept your streak alive."
        )
    elif result.outcome is Outcome.RESET:
        lines.append("You missed more days than you had freezes, so your streak starts again.")
    lines.append(
        f"Streak: {plural(after.current, 'day')} (longest {plural(after.longest, 'day')})."
    )
    if result.earned_freeze:
        lines.append(f"A {after.current}-day streak earns a freeze: you hold {after.freezes} of 2.")
    return Reply("\n".join(lines), title="Check-in")


def _already_reply(result: CheckinResult, note_saved: bool) -> Reply:
    last = result.before.last_day
    assert last is not None
    text = f"You already checked in for {human_date(last)}."
    if note_saved:
        text += " Your note is updated."
    text += f" Streak: {plural(result.before.current, 'day')}."
    return Reply(text, title="Check-in")
