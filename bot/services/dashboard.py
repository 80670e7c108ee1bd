"""The organiser view of the web dashboard (SPEC §10): activity, retention by joining cohort,
the roadmap funnel, the check-in heatmap, members at risk (with a nudge), quiz accuracy and the
hardest questions (with disable), projects and the audit log.

Every view is a set of ``Table``s: the page shows them and their CSV downloads are the same
objects, so a download always matches the page. Nothing here knows HTML."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import Community, Member
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import NotFound
from bot.domain.streaks import shown_streak
from bot.domain.timeutil import zone
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.audit_log import AuditKind, read_page, what_of
from bot.services.dashboard_auth import Viewer, require_moderator
from bot.services.dashboard_tables import Bar, Table, bars, monday_of, percent
from bot.services.members import community_today, member_today, stored_streak
from bot.services.moderation import audit, moderating
from bot.services.outbox import DM_PREFIX, enqueue
from bot.services.reminders import reminder_reply
from bot.services.stewardship import StewardshipService

WINDOW_WEEKS = 12
COHORT_WEEKS = 8
RETENTION_DAYS = (1, 7, 14, 28, 56)
AT_RISK_SHOWN = 100
SILENT_DAYS, SILENT_MAX_DAYS = 3, 30
HARDEST = 20
MIN_ANSWERS = 3
PROJECTS_SHOWN = 200
NUDGE = "nudge"


@dataclass(frozen=True, slots=True)
class Overview:
    today: date
    daily: list[Bar]
    heatmap: list[list[tuple[date, int, float] | None]]  # weeks × Monday..Sunday
    funnel: list[Bar]
    tables: list[Table]


class DashboardService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        stewardship: StewardshipService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._stewardship = stewardship

    async def _community(self, uow: UnitOfWork, viewer: Viewer) -> Community:
        require_moderator(viewer)
        community = await uow.web.community(viewer.community_id)
        if community is None:
            raise NotFound("There is no such page.")
        return community

    # --- overview ----------------------------------------------------------------------------

    async def overview(self, viewer: Viewer) -> Overview:
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            community = await self._community(uow, viewer)
            today = community_today(community, now)
            mondays = _weeks(today, community_today(community, community.created_at))
            per_day = await uow.analytics.active_per_day(community.id, mondays[0], today)
            per_week = await uow.analytics.active_per_week(community.id, mondays)
            cohorts = monday_of(today) - timedelta(weeks=COHORT_WEEKS - 1)
            since = datetime.combine(cohorts - timedelta(days=1), time(), tzinfo=UTC)
            joined = await uow.analytics.joined_and_last(community.id, since)
            furthest = await uow.analytics.furthest_roadmap_days(community.id)
        days = [mondays[0] + timedelta(days=i) for i in range((today - mondays[0]).days + 1)]
        daily = [(d.isoformat(), per_day.get(d, 0)) for d in days]
        funnel = self._funnel(furthest)
        tables = [
            Table(
                "active-days",
                "Members active per day",
                ("day", "members"),
                [(d, str(n)) for d, n in daily],
            ),
            Table(
                "active-weeks",
                "Members who studied per week",
                ("week of", "members"),
                [(m.isoformat(), str(per_week.get(m, 0))) for m in mondays],
            ),
            self._retention(community, joined, today),
            funnel,
        ]
        return Overview(
            today,
            bars(daily[-28:]),  # the chart: up to 4 weeks
            _heatmap(days, per_day),
            self._steps(funnel),
            tables,
        )

    def _retention(
        self, community: Community, joined: list[tuple[datetime, date | None]], today: date
    ) -> Table:
        """Per weekly joining cohort: the share still checking in N days after joining (a
        check-in on or after that day), among those who joined at least N days ago."""
        tz = zone(community.timezone)
        first = monday_of(today) - timedelta(weeks=COHORT_WEEKS - 1)
        cohorts: dict[date, list[tuple[date, date | None]]] = {}
        for at, last in joined:
            day = at.astimezone(tz).date()
            if day >= first:
                cohorts.setdefault(monday_of(day), []).append((day, last))
        rows = []
        for week in sorted(cohorts):
            members = cohorts[week]
            cells = [week.isoformat(), str(len(members))]
            for n in RETENTION_DAYS:
                eligible = [(d, last) for d, last in members if d + timedelta(days=n) <= today]
                kept = sum(1 for d, last in eligible if last and last >= d + timedelta(days=n))
                cells.append(percent(kept, len(eligible)) if eligible else "")
            rows.append(tuple(cells))
        return Table(
            "retention",
            "Retention by weekly joining cohort: share still checking in N days after joining",
            ("cohort week", "joined", *(f"day {n}" for n in RETENTION_DAYS)),
            rows,
        )

    def _steps(self, funnel: Table) -> list[Bar]:
        """The funnel per roadmap step: members who reached its first day (none: no bars)."""
        firsts: dict[str, int] = {}
        for row in funnel.rows:
            firsts.setdefault(row[1], int(row[3]))
        if not any(firsts.values()):
            return []
        return bars(list(firsts.items()))

    def _funnel(self, furthest: dict[int, int]) -> Table:
        """Members who reached each roadmap day (checked in on it or a later one)."""
        roadmap = self._catalog.roadmap
        reached, rows = 0, []
        counts = Counter(furthest)
        at_least = {}
        for day in reversed(roadmap.days):
            reached += counts.get(day.day, 0)
            at_least[day.day] = reached
        started = at_least.get(1, 0)
        for day in roadmap.days:
            step = roadmap.step(day.step)
            n = at_least[day.day]
            rows.append((str(day.day), step.name, day.title, str(n), percent(n, started)))
        return Table(
            "funnel",
            "Roadmap funnel: members who checked in on each day or a later one",
            ("day", "step", "title", "members", "of day 1"),
            rows,
        )

    # --- members at risk ---------------------------------------------------------------------

    async def at_risk(self, viewer: Viewer) -> Table:
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            community = await self._community(uow, viewer)
            today = community_today(community, now)
            rows = await uow.analytics.at_risk(
                community.id,
                now,
                now + timedelta(days=1),
                today - timedelta(days=SILENT_MAX_DAYS),
                today - timedelta(days=SILENT_DAYS),
                AT_RISK_SHOWN,
            )
            keys = [f"{r.user_id}:{today.isoformat()}" for r in rows]
            nudged = await uow.analytics.sent_keys(community.id, NUDGE, keys)
        out, actions = [], []
        for r, key in zip(rows, keys, strict=True):
            silent = (today - r.last_study_day).days if r.last_study_day else 0
            streak = 0
            if r.streak_ends_at is not None and r.streak_ends_at > now:
                streak = r.streak
            why = "streak ends without today's check-in" if streak else f"silent {silent} days"
            out.append(
                (
                    r.name,
                    str(streak),
                    r.last_study_day.isoformat() if r.last_study_day else "",
                    why,
                    "nudged today" if key in nudged else "",
                )
            )
            actions.append("" if key in nudged else str(r.id))
        return Table(
            "at-risk",
            "Members at risk: a streak that breaks without today's check-in, or silent 3+ days",
            ("member", "streak", "last check-in", "why", "nudged"),
            out,
            actions,
        )

    async def nudge(self, viewer: Viewer, member_id: int) -> str:
        """One private reminder to a member, at most once a day per member, audited."""
        require_moderator(viewer)
        actor = viewer_actor(viewer)
        async with moderating(self._uow, self._clock, actor, NUDGE) as (uow, en, now):
            target = await uow.web.member(en.community.id, member_id)
            if target is None:
                raise NotFound("That member is not in this community.")
            day = member_today(target, en.community, now)
            reply = _nudge_reply(target, en.community, day)
            sent = await enqueue(
                uow,
                en.community,
                NUDGE,
                f"{target.user_id}:{day.isoformat()}",
                reply,
                now,
                channel=f"{DM_PREFIX}{target.user_id}",
            )
            if sent:
                await audit(uow, en, NUDGE, now, member=target.user_id)
            await uow.commit()
        if not sent:
            return f"{target.name} was already nudged today."
        return f"A private reminder is on its way to {target.name}."

    # --- quiz ----------------------------------------------------------------------------------

    async def quiz(self, viewer: Viewer) -> list[Table]:
        async with self._uow(write=False) as uow:
            community = await self._community(uow, viewer)
            topics = await uow.analytics.topic_accuracy(community.id)
            tallies = await uow.analytics.question_tallies(community.id, MIN_ANSWERS)
            disabled = await uow.quiz.disabled(community.id)
        names = self._catalog.topics
        accuracy = Table(
            "quiz-topics",
            "Quiz accuracy per topic",
            ("topic", "answers", "correct", "accuracy"),
            [
                (names[t].name if t in names else t, str(a), str(c), percent(c, a))
                for t, a, c in topics
            ],
        )
        hardest = sorted(tallies, key=lambda q: (q.correct / q.answered, -q.answered))[:HARDEST]
        rows, actions = [], []
        for q in hardest:
            question = self._catalog.questions.get(q.question_id)
            stem = question.stem if question else q.question_id
            off = q.question_id in disabled
            rows.append(
                (
                    q.question_id,
                    names[q.topic].name if q.topic in names else q.topic,
                    stem,
                    str(q.answered),
                    percent(q.correct, q.answered),
                    "disabled" if off else "",
                )
            )
            actions.append("" if off else q.question_id)
        return [
            accuracy,
            Table(
                "hardest",
                f"The {HARDEST} hardest questions (answered {MIN_ANSWERS}+ times)",
                ("question", "topic", "stem", "answers", "correct", "state"),
                rows,
                actions,
            ),
        ]

    async def disable(self, viewer: Viewer, question_id: str) -> str:
        """Take a question out of the community's bank: ``/admin quiz disable`` itself."""
        require_moderator(viewer)
        reply = await self._stewardship.quiz_disable(viewer_actor(viewer), question_id, True)
        return reply.text

    # --- projects and audit --------------------------------------------------------------------

    async def projects(self, viewer: Viewer) -> list[Table]:
        async with self._uow(write=False) as uow:
            community = await self._community(uow, viewer)
            counts = await uow.analytics.projects_by_status(community.id)
            rows = await uow.analytics.projects(community.id, PROJECTS_SHOWN)
        return [
            Table(
                "projects-by-status",
                "Projects by status",
                ("status", "projects"),
                [(s, str(counts.get(s, 0))) for s in ("idea", "building", "shipped")],
            ),
            Table(
                "projects",
                f"Projects, latest activity first (up to {PROJECTS_SHOWN})",
                ("project", "member", "status", "repo", "demo", "updated"),
                [
                    (p.name, p.member, p.status, p.repo or "", p.demo or "", f"{p.updated_at:%F}")
                    for p in rows
                ],
            ),
        ]

    async def audit_log(self, viewer: Viewer, kind: AuditKind, page: int) -> tuple[Table, int]:
        """A page of the audit log (newest first) and the number of pages."""
        async with self._uow(write=False) as uow:
            community = await self._community(uow, viewer)
            view = await read_page(uow, community, kind, None, page)
        tz = zone(community.timezone)
        rows = [
            (
                f"{e.at.astimezone(tz):%F %H:%M}",
                view.names.get(e.actor_user_id, e.actor_user_id),
                e.action,
                e.outcome,
                what_of(e.action, e.detail, view.names),
                e.reason or "",
            )
            for e in view.entries
        ]
        pages = max(1, -(-view.total // 10))
        return (
            Table(
                "audit",
                f"Audit log, page {page} of {pages} (times in {community.timezone})",
                ("when", "who", "action", "outcome", "what", "why"),
                rows,
            ),
            pages,
        )


def viewer_actor(viewer: Viewer) -> Actor:
    """The viewer as the commands see a member, for the actions they share with /admin."""
    return Actor(
        viewer.platform,
        viewer.external_id,
        viewer.user_id,
        viewer.name,
        platform_moderator=viewer.platform_moderator,
    )


def _nudge_reply(member: Member, community: Community, day: date) -> Reply:
    """The study reminder's words and Check in button (it names the community), sent by an
    organiser."""
    streak = shown_streak(stored_streak(member), day)
    risk = (
        f"Your {streak}-day streak is waiting for today's check-in."
        if streak
        else "A short session today starts a new streak."
    )
    return Reply(
        f"The organisers of your study group sent you a nudge. {risk} Check in with /checkin.",
        title="A nudge from your study group",
        buttons=reminder_reply(member, community, day).buttons,
        private=True,
    )


def _weeks(today: date, founded: date) -> list[date]:
    """The Mondays of the last ``WINDOW_WEEKS`` weeks, from the community's first week on."""
    first = max(monday_of(today) - timedelta(weeks=WINDOW_WEEKS - 1), monday_of(founded))
    return [first + timedelta(weeks=w) for w in range((monday_of(today) - first).days // 7 + 1)]


def _heatmap(
    days: list[date], per_day: dict[date, int]
) -> list[list[tuple[date, int, float] | None]]:
    top = max(per_day.values(), default=0) or 1
    weeks: list[list[tuple[date, int, float] | None]] = []
    for day in days:
        if day.weekday() == 0 or not weeks:
            weeks.append([None] * 7)
        n = per_day.get(day, 0)
        weeks[-1][day.weekday()] = (day, n, n / top)
    return weeks
