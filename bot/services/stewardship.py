"""The rest of /admin (SPEC §6): roadmap position, XP grants, streak restores, moderators,
the audit log and data export. Every action is audited with who, what, when and why."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from itertools import pairwise

from bot.charts import checkins_per_day
from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.holds import held_days
from bot.domain.streaks import CREDITED_KINDS, replay, shown_streak
from bot.domain.timeutil import human_date
from bot.domain.wording import check_within, limits, plural
from bot.pairs.service import meeting_rate_text
from bot.replies import Attachment, Field, Reply
from bot.services.actor import Actor, MemberRef
from bot.services.audit_log import AuditKind, audit_reply, audit_view
from bot.services.exercises import pass_rates_text
from bot.services.export import ExportFormat, ExportService
from bot.services.members import (
    community_today,
    find_member,
    find_or_enrol,
    member_today,
    store_streak,
    stored_streak,
)
from bot.services.moderation import audit, moderating
from bot.services.outbox import enqueue_role_grant
from bot.services.ports import Notifier
from bot.services.progress import Progression

REASON_MAX = 200
XP_GRANT_LIMIT = 1000
RESTORE_MAX_DAYS = 14
STATS_DAYS = 30


def latest_gap(credited: list[date], covered: set[date], today: date) -> list[date]:
    """The most recent run of study days with no row at all (not credited, not frozen),
    before today: after the last check-in, or else between the last two that are apart."""
    ends = [*credited, today]
    for before, after in reversed(list(pairwise(ends))):
        days = [
            before + timedelta(days=i)
            for i in range(1, (after - before).days)
            if before + timedelta(days=i) not in covered
        ]
        if days:
            return days
    return []


ROLE_MAX = 64


def check_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise BadInput("Give a reason: it goes into the audit log.")
    if len(text) > REASON_MAX:
        raise BadInput(f"Keep the reason to {REASON_MAX} characters.")
    return text


class StewardshipService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        export: ExportService,
        progress: Progression,
        notifier: Notifier,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._export = export
        self._progress = progress
        self._notifier = notifier

    # --- the roadmap -----------------------------------------------------------------------

    async def roadmap_day(self, actor: Actor, day: int) -> Reply:
        check_within("day", day, 1, len(self._catalog.roadmap.days))
        async with moderating(self._uow, self._clock, actor, "roadmap-day") as (uow, en, now):
            community = en.community
            start = community_today(community, now) - timedelta(days=day - 1)
            began = community_today(community, community.created_at)
            before = community.roadmap_start
            community.roadmap_start = start
            await audit(
                uow,
                en,
                "roadmap-day",
                now,
                day=day,
                start=start.isoformat(),
                before=before.isoformat() if before else None,
            )
            await uow.commit()
        await self._notifier.community_changed(community.id)
        if start >= began:
            return Reply(f"The group is now on Day {day} (Day 1 was {human_date(start)}).")
        # Day 1 would fall before the group existed: no date here would be true.
        return Reply(
            f"The group is now on Day {day}. Check-ins already made stay on the roadmap days "
            "they were made on."
        )

    async def roadmap_restart(self, actor: Actor) -> Reply:
        async with moderating(self._uow, self._clock, actor, "roadmap-restart") as (uow, en, now):
            community = en.community
            before = community.roadmap_start
            community.roadmap_start = community_today(community, now)
            await audit(
                uow, en, "roadmap-restart", now, before=before.isoformat() if before else None
            )
            await uow.commit()
        await self._notifier.community_changed(community.id)
        return Reply("The roadmap starts again: today is Day 1.")

    # --- members ---------------------------------------------------------------------------

    async def grant_xp(self, actor: Actor, target: MemberRef, amount: int, reason: str) -> Reply:
        if amount == 0 or abs(amount) > XP_GRANT_LIMIT:
            raise BadInput(limits("amount", -XP_GRANT_LIMIT, XP_GRANT_LIMIT)[:-1] + ", not 0.")
        why = check_reason(reason)
        async with moderating(self._uow, self._clock, actor, "xp") as (uow, en, now):
            member = await find_member(uow, en.community, target)
            key = f"admin:{secrets.token_hex(8)}"  # every grant is its own ledger row
            day = member_today(member, en.community, now)
            await uow.xp.award(member, amount, "admin", key, now, day)
            await self._progress.review(uow, en.community, member, now)
            await audit(uow, en, "xp", now, reason=why, member=member.user_id, amount=amount)
            await uow.commit()
        return Reply(
            f"{member.name} {'gets' if amount > 0 else 'loses'} {abs(amount)} XP "
            f"(now {member.xp}). Reason recorded: {why}"
        )

    async def restore_streak(
        self, actor: Actor, target: MemberRef, days: int, reason: str
    ) -> Reply:
        """Reconnect a member's streak across their most recent gap (e.g. a bot outage): the
        missed days become ``restore`` rows in the history, and the counters and freeze rows
        are recomputed from the whole history."""
        check_within("days", days, 1, RESTORE_MAX_DAYS)
        why = check_reason(reason)
        async with moderating(self._uow, self._clock, actor, "streak-restore") as (uow, en, now):
            member = await find_member(uow, en.community, target, lock=True)
            history = await uow.checkins.history(member.id)
            credited = sorted(r.study_day for r in history if r.kind in CREDITED_KINDS)
            if not credited:
                raise BadInput(f"{member.name} has no check-ins to restore a streak from.")
            today = member_today(member, en.community, now)
            held = held_days(await uow.holds.of_member(member.id))
            covered = {r.study_day for r in history} | held
            gap = latest_gap(credited, covered, today)
            if not gap:
                raise BadInput(f"{member.name} has no missed day to restore.")
            if len(gap) > days:
                raise BadInput(
                    f"{member.name} missed {plural(len(gap), 'day')} ({human_date(gap[0])} to "
                    f"{human_date(gap[-1])}); restore {plural(len(gap), 'day')} to reconnect "
                    "the streak."
                )
            for missed in gap:
                await uow.checkins.add(member.id, missed, "restore", now, f"restored: {why}")
            recomputed = replay([*credited, *gap], held)
            await uow.checkins.replace_freezes(member.id, recomputed.frozen_days, now)
            store_streak(member, en.community, recomputed.streak)
            await self._progress.review(uow, en.community, member, now)
            await audit(
                uow,
                en,
                "streak-restore",
                now,
                reason=why,
                member=member.user_id,
                days=[d.isoformat() for d in gap],
            )
            await uow.commit()
        shown = shown_streak(stored_streak(member), today)
        return Reply(
            f"Restored {plural(len(gap), 'day')} for {member.name} ({human_date(gap[0])} to "
            f"{human_date(gap[-1])}); their streak is {plural(shown, 'day')}. "
            f"Reason recorded: {why}"
        )

    async def moderators(self, actor: Actor, change: str, target: MemberRef | None) -> Reply:
        async with moderating(self._uow, self._clock, actor, f"mods {change}") as (uow, en, now):
            if change == "list":
                mods = [
                    m.name
                    for m in await uow.members.in_community(en.community.id)
                    if m.is_moderator
                ]
                await audit(uow, en, "mods list", now)
                await uow.commit()
                names = ", ".join(mods) or "nobody yet"
                return Reply(
                    f"Moderators from the list: {names}. Platform admins (Discord "
                    "Manage Server, Slack admins and owners) moderate too."
                )
            if target is None:
                raise BadInput(f"/admin mods {change} needs a member.")
            if change == "add":  # on Discord and Slack, a mentioned newcomer is enrolled by id
                member = await find_or_enrol(uow, en.community, target, now)
            else:
                member = await find_member(uow, en.community, target)
            if change == "remove" and member.id == en.member.id:
                raise BadInput("You cannot remove yourself; ask another moderator.")
            member.is_moderator = change == "add"
            await audit(uow, en, f"mods {change}", now, member=member.user_id)
            await uow.commit()
        verb = "is now a moderator" if change == "add" else "is no longer on the moderator list"
        return Reply(f"{member.name} {verb}.")

    async def audit_log(
        self,
        actor: Actor,
        kind: AuditKind = "all",
        target: MemberRef | None = None,
        page: int = 1,
    ) -> Reply:
        """The audit log, newest first, a page at a time: all entries, moderators' actions or
        refused attempts, optionally only those by or about one member."""
        async with moderating(self._uow, self._clock, actor, "audit") as (uow, en, now):
            view = await audit_view(uow, en, now, kind, target, page)
            await uow.commit()
        return audit_reply(view)

    async def quiz_disable(self, actor: Actor, question_id: str, disabled: bool) -> Reply:
        """Take a question out of (or back into) this community's bank."""
        key = question_id.strip().lower()
        action = "quiz disable" if disabled else "quiz enable"
        async with moderating(self._uow, self._clock, actor, action) as (uow, en, now):
            own = await uow.custom_questions.by_id(key)
            if key not in self._catalog.questions and (
                own is None or own.community_id != en.community.id
            ):
                raise BadInput(
                    f"There is no question `{question_id[:40]}`; ids look like numpy-007."
                )
            changed = await uow.quiz.set_disabled(en.community.id, key, disabled, now)
            if changed:
                await audit(uow, en, action, now, question=key)
            await uow.commit()
        state = "out of" if disabled else "back in"
        if not changed:
            return Reply(f"{key} was already {state} this group's bank.")
        return Reply(f"{key} is {state} this group's quizzes and challenges.")

    async def ladder_roles(self, actor: Actor, level: str | None, role: str | None) -> Reply:
        """Map a ladder level to a Discord role given on reaching it; no role removes it."""
        levels = {lvl.key: lvl for lvl in self._catalog.ladder.reachable}
        if level is not None and level not in levels:
            raise BadInput(f"level must be one of: {', '.join(levels)}.")
        if role is not None and level is None:
            raise BadInput("Name the level the role is for: /admin ladder-roles LEVEL ROLE.")
        if role is not None and not 1 <= len(role.strip()) <= ROLE_MAX:
            raise BadInput(f"Name a role of up to {ROLE_MAX} characters.")
        action = "ladder-roles" if level is not None else "ladder-roles list"
        async with moderating(self._uow, self._clock, actor, action) as (uow, en, now):
            if actor.platform == "slack" and role is not None:
                raise BadInput(
                    "Slack has no roles; level-ups are announced in the channel instead."
                )
            given = 0
            if level is None:
                await audit(uow, en, action, now)
            else:
                await uow.ladder_roles.set(en.community.id, level, role, now)
                await audit(uow, en, "ladder-roles", now, level=level, role=role)
                if role is not None:  # members who already hold the level get it too
                    for member in await uow.milestones.holders(en.community.id, f"level:{level}"):
                        given += await enqueue_role_grant(
                            uow,
                            en.community,
                            member.user_id,
                            level,
                            role,
                            f"{member.name} holds {levels[level].name}",
                            now,
                        )
            mapping = await uow.ladder_roles.of_community(en.community.id)
            await uow.commit()
        lines = [
            f"{levels[k].name}: {_role(r, actor.platform)}"
            for k, r in mapping.items()
            if k in levels
        ]
        listing = "\n".join(lines) or "No level gives a role yet."
        if level is None:
            return Reply(listing, title="Ladder roles")
        done = (
            f"Members reaching {levels[level].name} now get {_role(role, actor.platform)}."
            if role
            else f"{levels[level].name} gives no role now."
        )
        verb = "gets" if given == 1 else "get"
        already = f" {plural(given, 'member')} already there {verb} it now." if given else ""
        return Reply(
            f"{done}{already}\n\n{listing}",
            title="Ladder roles",
        )

    async def stats(self, actor: Actor) -> Reply:
        """Active members over 7 and 30 days, check-ins per day (a chart), quiz accuracy."""
        async with moderating(self._uow, self._clock, actor, "stats") as (uow, en, now):
            today = community_today(en.community, now)
            first = today - timedelta(days=STATS_DAYS - 1)
            week = await uow.checkins.active_members(en.community.id, today - timedelta(days=6))
            month = await uow.checkins.active_members(en.community.id, first)
            per_day = await uow.checkins.per_day(en.community.id, first, today)
            topics = await uow.quiz.accuracy_by_topic(en.community.id)
            pairs = await meeting_rate_text(uow, en.community.id)
            exercises = await pass_rates_text(uow, en.community.id)
            await audit(uow, en, "stats", now)
            await uow.commit()
        days = [first + timedelta(days=i) for i in range(STATS_DAYS)]
        counts = [per_day.get(d, 0) for d in days]
        png = await checkins_per_day(days, counts, f"Check-ins per day, last {STATS_DAYS} days")
        names = self._catalog.topics
        accuracy = "\n".join(
            f"{names[t].name if t in names else t}: {c}/{a} correct ({c / a:.0%})"
            for t, a, c in topics[:10]
        )
        return Reply(
            f"{plural(sum(counts), 'check-in')} in the last {STATS_DAYS} days.",
            title="Study group stats",
            fields=(
                Field("Active members, 7 days", str(week)),
                Field(f"Active members, {STATS_DAYS} days", str(month)),
                Field("Quiz accuracy by topic", accuracy or "No quiz answers yet.", inline=False),
                Field("Study pairs who met", pairs, inline=False),
                Field("Exercises passed (members)", exercises, inline=False),
            ),
            attachment=Attachment("mlpath-checkins.png", png, "image/png"),
        )

    async def export(self, actor: Actor, fmt: ExportFormat) -> Reply:
        async with moderating(self._uow, self._clock, actor, "export") as (uow, en, now):
            await audit(uow, en, "export", now, format=fmt)
            await uow.commit()
        text = await self._export.community(actor.platform, actor.community_id, fmt)
        mime = "application/json" if fmt == "json" else "text/csv"
        return Reply(
            f"The whole community in mlpath-export/1 ({fmt}).",
            title="Community export",
            attachment=Attachment(f"mlpath-community.{fmt}", text.encode(), mime),
        )


def _role(role_id: str | None, platform: str) -> str:
    """A role shown by id, as a mention that never pings (Discord renders <@&id> as its name)."""
    if role_id is None:
        return "no role"
    return f"<@&{role_id}>" if platform == "discord" and role_id.isdigit() else f"@{role_id}"
