"""Forgiveness for streaks (SPEC §2): vacation holds (`/me pause N`, `/me resume`) and a
paid repair of a streak that broke (`/streak repair`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.clock import Clock
from bot.db.models import Member
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.holds import Hold, active_hold, end_hold, held_days, plan_hold
from bot.domain.streaks import (
    CREDITED_KINDS,
    Streak,
    checked_in,
    repair_days,
    replay,
    shown_streak,
)
from bot.domain.timeutil import human_date, parse_hhmm, study_day
from bot.domain.wording import plural
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.members import (
    enrol,
    member_timezone,
    member_today,
    store_streak,
    stored_streak,
    streak_values,
)
from bot.services.progress import Progression

REPAIR_XP = 50
REPAIR_EVERY = timedelta(days=30)


async def repair_hint(uow: UnitOfWork, member: Member, streak: Streak, today: date) -> str:
    """For ``/streak show``: when the member's streak is broken now and a repair could mend it
    (within 48 hours of the break, with the XP for it), a sentence saying so; else ``""``."""
    if not streak.current or shown_streak(streak, today) or member.xp < REPAIR_XP:
        return ""
    try:
        days = repair_days(streak, None, today, held_days(await uow.holds.of_member(member.id)))
    except BadInput:
        return ""
    return (
        f" Your {streak.current}-day streak broke on {human_date(days[0])}: "
        f"/streak repair mends it for {REPAIR_XP} XP (once in 30 days), or /checkin starts anew."
    )


@dataclass(frozen=True, slots=True)
class HoldEnd:
    held: frozenset[date]  # the days on hold after the last study day, all before the end
    ended: Hold | None = None  # the hold that was ended, if one was
    kept: Hold | None = None  # what stays of it (None: it had not begun)


async def end_hold_on(uow: UnitOfWork, member: Member, day: date) -> HoldEnd:
    """End the member's hold covering ``day`` or later (a check-in or ``/me resume`` on
    ``day``): only its days before ``day`` stay on hold."""
    holds = await uow.holds.of_member(member.id)
    ongoing = active_hold(holds, day)
    kept = None
    if ongoing is not None:
        kept = end_hold(ongoing, day)
        await uow.holds.end(member.id, ongoing, kept)
        holds = [h for h in holds if h != ongoing] + ([kept] if kept else [])
    member.hold_until = None
    return HoldEnd(held_days(holds, after=member.last_study_day), ongoing, kept)


def on_hold(member: Member, today: date) -> bool:
    """Whether today (or, after today's check-in, tomorrow on) is on hold."""
    return member.hold_until is not None and member.hold_until >= today


def hold_line(member: Member, own: bool = True) -> str:
    assert member.hold_until is not None
    line = f"On hold until {human_date(member.hold_until)}."
    return line[:-1] + "; /me resume ends the hold early." if own else line


class StreakCareService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, progress: Progression) -> None:
        self._uow = uow
        self._clock = clock
        self._progress = progress

    async def pause(self, actor: Actor, days: int) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            en = await enrol(uow, actor, now, lock=True)
            member = en.member
            today = member_today(member, en.community, now)
            streak = stored_streak(member)
            hold = plan_hold(streak, today, days, await uow.holds.of_member(member.id))
            await uow.holds.add(member.id, hold, now)
            store_streak(member, en.community, replace(streak, held=streak.held + len(hold)))
            member.hold_until = hold.last
            await uow.commit()
        start = "today" if hold.first == today else human_date(hold.first)
        return Reply(
            f"Your {streak.current}-day streak is on hold from {start} until "
            f"{human_date(hold.last)} ({plural(len(hold), 'day')}): those days are neither "
            "missed nor counted, and no freeze is spent. A check-in or /me resume ends the "
            "hold early.",
            title="Streak on hold",
        )

    async def resume(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            en = await enrol(uow, actor, now, lock=True)
            member = en.member
            today = member_today(member, en.community, now)
            if not on_hold(member, today):
                raise BadInput("Your streak is not on hold; /me pause N puts it on hold.")
            # A hold that starts after the last credited day ends before it begins.
            end = max(today, (member.last_study_day or today) + timedelta(days=1))
            ended = await end_hold_on(uow, member, end)
            streak = replace(stored_streak(member), held=len(ended.held))
            store_streak(member, en.community, streak)
            await uow.commit()
        shown = plural(shown_streak(streak, today), "day")
        if ended.ended is not None and ended.kept is None:
            return Reply(
                f"Your hold from {human_date(ended.ended.first)} is cancelled before it began; "
                f"your streak is {shown}.",
                title="Hold cancelled",
            )
        todo = "" if checked_in(streak, today) else " Check in today to keep it going."
        return Reply(
            f"Welcome back: the hold is over and your streak is {shown}.{todo}",
            title="Streak on again",
        )

    async def repair(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            en = await enrol(uow, actor, now, lock=True)
            member = en.member
            today = member_today(member, en.community, now)
            history = await uow.checkins.history(member.id)
            credited = sorted(r.study_day for r in history if r.kind in CREDITED_KINDS)
            held = held_days(await uow.holds.of_member(member.id))
            before = credited[-2] if len(credited) > 1 else None
            days = repair_days(stored_streak(member), before, today, held)
            repaired = [r.at for r in history if r.kind == "repair"]
            if repaired:  # once in 30 of the member's study days
                tz, day_start = member_timezone(member, en.community), en.community.day_start
                last = study_day(max(repaired), tz, parse_hhmm(day_start))
                if today < last + REPAIR_EVERY:
                    raise BadInput(
                        f"A repair works once every 30 days: your last was on "
                        f"{human_date(last)}, the next is possible from "
                        f"{human_date(last + REPAIR_EVERY)}."
                    )
            if member.xp < REPAIR_XP:
                raise BadInput(f"A repair costs {REPAIR_XP} XP, and you have {member.xp} XP.")
            for day in days:
                await uow.checkins.add(member.id, day, "repair", now, "repaired")
            recomputed = replay([*credited, *days], held)
            await uow.checkins.replace_freezes(member.id, recomputed.frozen_days, now)
            await uow.xp.award(
                member,
                -REPAIR_XP,
                "repair",
                f"repair:{today.isoformat()}",
                now,
                today,
                values=streak_values(recomputed.streak, member, en.community),
            )
            await self._progress.review(uow, en.community, member, now)
            await uow.commit()
        streak = recomputed.streak
        span = ", ".join(human_date(d) for d in days)
        todo = "" if checked_in(streak, today) else " Check in today to keep it going."
        return Reply(
            f"Streak repaired for {REPAIR_XP} XP ({plural(len(days), 'day')} credited: {span}); "
            f"your streak is {plural(streak.current, 'day')} again.{todo}",
            title="Streak repaired",
        )
