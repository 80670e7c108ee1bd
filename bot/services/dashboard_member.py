"""The member view and the public page of the web dashboard (SPEC §10).

The member view shows the signed-in member's own data only: the session names the member,
never the request. The public page (``/admin dashboard public on``) shows leaderboards and
shipped projects without members who chose ``/me hide``, and nothing private."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import ExerciseProgress
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import NotFound
from bot.domain.ladder import missing
from bot.domain.periods import Period
from bot.domain.quiz import MASTERY_MIN_CORRECT, TopicTally
from bot.domain.streaks import STUDIED_KINDS, shown_streak
from bot.domain.timeutil import human_date
from bot.services.dashboard_auth import Viewer, require_community
from bot.services.dashboard_tables import Bar, Table, bars, monday_of, percent
from bot.services.leaderboard import LeaderboardService, Metric
from bot.services.members import member_today, stored_streak
from bot.services.progress import Progression

CALENDAR_WEEKS = 26
PUBLIC_PROJECTS = 100
BOARDS: tuple[tuple[Metric, Period, str], ...] = (
    ("xp", "week", "XP this week"),
    ("xp", "all", "XP, all time"),
    ("streak", "all", "Live streaks"),
)


@dataclass(frozen=True, slots=True)
class Ladder:
    level: str
    next: str | None
    missing: list[str]
    choosing_track: bool


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    today: date
    streak: int
    longest: int
    freezes: int
    xp: int
    calendar: list[list[tuple[date, str] | None]]  # weeks × Monday..Sunday: studied|frozen|none
    xp_weeks: list[Bar]
    ladder: Ladder
    tables: list[Table]


@dataclass(frozen=True, slots=True)
class PublicView:
    community: str
    boards: list[Table]
    shipped: Table


class MemberDashboard:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        progress: Progression,
        leaderboard: LeaderboardService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._progress = progress
        self._leaderboard = leaderboard

    async def member(self, viewer: Viewer, community_id: int) -> MemberView:
        require_community(viewer, community_id)
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            community = await uow.web.community(community_id)
            member = await uow.web.member(community_id, viewer.member_id)
            if community is None or member is None:
                raise NotFound("There is no such page.")
            today = member_today(member, community, now)
            joined = monday_of(member_today(member, community, member.created_at))
            first = max(monday_of(today) - timedelta(weeks=CALENDAR_WEEKS - 1), joined)
            calendar = await uow.standings.calendar(member.id, first)
            xp_by_day = await uow.standings.xp_by_day(member.id)
            evidence = await self._progress.evidence(uow, member)
            tallies = await uow.quiz.topic_tallies(member.id)
            due = await uow.quiz.due_cards(member.id, now)
            projects = await uow.projects.of_member(member.id)
            exercises = await uow.exercises.standings(member.id)
        streak = stored_streak(member)
        position = self._progress.climb(member, evidence.progress)
        ladder = Ladder(
            position.level.name,
            position.next.name if position.next else None,
            missing(position.next, evidence.progress) if position.next else [],
            position.choosing_track,
        )
        return MemberView(
            name=member.name,
            today=today,
            streak=shown_streak(streak, today),
            longest=member.streak_longest,
            freezes=member.freezes,
            xp=member.xp,
            calendar=_calendar(first, today, dict(calendar)),
            xp_weeks=_xp_weeks(xp_by_day, first, today),
            ladder=ladder,
            tables=[
                self._topics(tallies, Counter(self._catalog.topic_of.get(q, "") for q, _ in due)),
                Table(
                    "my-projects",
                    "Your projects",
                    ("project", "status", "repo", "demo"),
                    [(p.name, p.status, p.repo or "", p.demo or "") for p in projects],
                ),
                self._exercises(exercises, lambda at: member_today(member, community, at)),
            ],
        )

    def _exercises(
        self, standings: Mapping[str, ExerciseProgress], day_of: Callable[[datetime], date]
    ) -> Table:
        """The exercises the member tried: passed (on which of their study days) or not yet."""
        rows = []
        for exercise in self._catalog.exercises.ordered():
            row = standings.get(exercise.id)
            if row is None or not row.attempts:
                continue
            if row.passed_at is not None:
                state = f"passed {human_date(day_of(row.passed_at))}"
            else:
                state = "not yet: review due" if row.due is not None else "not yet"
            rows.append((exercise.title, str(exercise.meta.step), str(row.attempts), state))
        columns = ("exercise", "step", "tries", "result")
        return Table("my-exercises", "Your exercises", columns, rows)

    def _topics(self, tallies: dict[str, TopicTally], due: Counter[str]) -> Table:
        names = self._catalog.topics
        rows = []
        for key in sorted(set(tallies) | {k for k in due if k}):
            tally = tallies.get(key, TopicTally())
            answered, correct = tally.answered, tally.correct
            mastery = (
                "mastered"
                if tally.mastered
                else f"{min(correct, MASTERY_MIN_CORRECT)}/{MASTERY_MIN_CORRECT} correct"
            )
            rows.append(
                (
                    names[key].name if key in names else key,
                    str(answered),
                    percent(correct, answered),
                    mastery,
                    str(due.get(key, 0)),
                )
            )
        return Table(
            "my-topics",
            "Mastery and reviews due per topic",
            ("topic", "answers", "correct", "mastery", "due now"),
            rows,
        )

    async def public(self, community_id: int) -> PublicView:
        """The public page, or NotFound while it is off."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            community = await uow.web.community(community_id)
            if community is None or not await uow.web.is_public(community_id):
                raise NotFound("There is no such page.")
            boards = []
            for metric, period, caption in BOARDS:
                board = await self._leaderboard.board(
                    uow,
                    community,
                    None,
                    metric,
                    period,
                    now,
                )
                unit = "XP" if metric == "xp" else "days"
                rows = [
                    (str(i), e.name, f"{e.value:,} {unit}") for i, e in enumerate(board.entries, 1)
                ]
                boards.append(
                    Table(f"board-{metric}-{period}", caption, ("#", "member", metric), rows)
                )
            projects = await uow.analytics.projects(community_id, PUBLIC_PROJECTS * 2)
        shipped = [p for p in projects if p.status == "shipped" and not p.hidden][:PUBLIC_PROJECTS]
        return PublicView(
            community.name or "Study group",
            boards,
            Table(
                "shipped",
                "Shipped projects",
                ("project", "member", "demo", "repo"),
                [(p.name, p.member, p.demo or "", p.repo or "") for p in shipped],
            ),
        )


def _calendar(
    first: date, today: date, kinds: dict[date, str]
) -> list[list[tuple[date, str] | None]]:
    weeks: list[list[tuple[date, str] | None]] = []
    day = first
    while day <= today:
        if day.weekday() == 0:
            weeks.append([None] * 7)
        kind = kinds.get(day)
        state = "none" if kind is None else "studied" if kind in STUDIED_KINDS else "frozen"
        weeks[-1][day.weekday()] = (day, state)
        day += timedelta(days=1)
    return weeks


def _xp_weeks(xp_by_day: list[tuple[date, int]], first: date, today: date) -> list[Bar]:
    """XP over time: the running total at the end of each week from ``first`` (a Monday)."""
    total = sum(n for d, n in xp_by_day if d < first)
    per_week: Counter[date] = Counter()
    for d, n in xp_by_day:
        if d >= first:
            per_week[monday_of(d)] += n
    out = []
    for w in range((monday_of(today) - first).days // 7 + 1):
        monday = first + timedelta(weeks=w)
        total += per_week.get(monday, 0)
        out.append((monday.isoformat(), total))
    return bars(out)
