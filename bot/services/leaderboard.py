"""Leaderboards (SPEC §5): top 10 and the caller's rank, hidden members left out; the quiz board
also per topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from bot.clock import Clock
from bot.db.models import Community, Member
from bot.db.repositories.standings import LiveCandidate
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.periods import PERIODS, Period, period_key, period_label, topic_period_key
from bot.domain.streaks import shown_streak
from bot.domain.timeutil import effective_timezone, parse_hhmm, study_day
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.members import community_today, member_today, stored_streak, visit

Metric = Literal["xp", "streak", "quiz"]
METRICS: tuple[Metric, ...] = ("xp", "streak", "quiz")
TOP = 10
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    value: int


@dataclass(frozen=True, slots=True)
class Board:
    entries: list[Entry]
    own_value: int
    own_rank: int | None  # None: hidden, or nothing yet in this period


UNITS = {"xp": "XP", "days": "days studied", "correct": "correct answers", "live": "day streak"}


class Topics(Protocol):
    """The quiz's rule for a topic name (``QuizService.check_topic``): its key, or BadInput."""

    def check_topic(self, topic: str | None) -> str | None: ...


def _column(metric: Metric, period: Period) -> str:
    if metric == "xp":
        return "xp"
    if metric == "quiz":
        return "correct"
    return "live" if period == "all" else "days"


class LeaderboardService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, topics: Topics) -> None:
        self._uow = uow
        self._clock = clock
        self._topics = topics

    async def show(
        self,
        actor: Actor,
        metric: str = "xp",
        period: str = "week",
        topic: str | None = None,
    ) -> Reply:
        """A board; with ``topic``, the quiz board of that topic (named as /quiz names it)."""
        if metric not in METRICS:
            raise BadInput(f"metric must be one of: {', '.join(METRICS)}.")
        if period not in PERIODS:
            raise BadInput(f"period must be one of: {', '.join(PERIODS)}.")
        m: Metric = metric
        p: Period = period
        key = None if topic is None else _topic_key(topic, m, p, self._topics)
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            await uow.commit()
        async with self._uow(write=False) as uow:
            board = await self.board(
                uow, enrolment.community, enrolment.member, m, p, now, topic=key
            )
        today = community_today(enrolment.community, now)
        label = period_label(p, today)
        return render_board(board, m, p, label, enrolment.member.hidden, topic=key)

    async def board(
        self,
        uow: UnitOfWork,
        community: Community,
        member: Member | None,
        metric: Metric,
        period: Period,
        now: datetime,
        *,
        topic: str | None = None,
    ) -> Board:
        """The top 10 (and ``member``'s own standing) of the period containing today; with
        ``topic`` (a checked topic key, quiz metric), of that topic's counters."""
        today = community_today(community, now)
        column = _column(metric, period)
        if column == "live":
            return await self._live_streaks(uow, community, member, now)
        key = period_key(period, today) if topic is None else topic_period_key(period, today, topic)
        rows = await uow.standings.board(
            community.id, key, column, None if member is None else member.id, TOP
        )
        entries = [Entry(s.name, s.value) for s in rows.top]
        rank = None if rows.ahead is None else 1 + rows.ahead
        return Board(entries, rows.own, rank)

    async def _live_streaks(
        self, uow: UnitOfWork, community: Community, member: Member | None, now: datetime
    ) -> Board:
        # Liveness is judged in SQL by each member's own timezone (``Member.streak_ends_at``),
        # so the list and the caller's rank are exact; one statement brings both. The shown
        # values are still each member's read-time streak.
        own = 0
        if member is not None:
            own = shown_streak(stored_streak(member), member_today(member, community, now))
        ranked = member is not None and own > 0 and not member.hidden
        rows = await uow.standings.live_streaks(
            community.id, now, TOP * 2, ranked=ranked, streak=own
        )
        day_start = parse_hhmm(community.day_start)
        days: dict[str, date] = {}  # study day per timezone: candidates share a few

        def day_of(c: LiveCandidate) -> date:
            tz = effective_timezone(c.timezone, c.platform_timezone, community.timezone)
            if tz not in days:
                days[tz] = study_day(now, tz, day_start)
            return days[tz]

        live = [
            Entry(c.name, shown)
            for c in rows.candidates
            if (shown := shown_streak(c.streak, day_of(c))) > 0
        ]
        live.sort(key=lambda e: -e.value)
        rank = None if rows.ahead is None else 1 + rows.ahead
        return Board(live[:TOP], own, rank)


def _topic_key(topic: str, metric: Metric, period: Period, topics: Topics) -> str:
    """The key of a topic board's topic; BadInput unless the metric is quiz and the topic is
    one /quiz knows."""
    if metric != "quiz":
        raise BadInput(
            f"Only the quiz board has topics: try /leaderboard quiz {period} topic:{topic[:40]}"
        )
    try:
        key = topics.check_topic(topic)
    except BadInput:
        raise BadInput(f"`{topic[:40]}` is not a quiz topic: /quiz topics lists them.") from None
    assert key is not None
    return key


def places(entries: list[Entry]) -> list[int]:
    """Competition ranking (1, 1, 3): members with the same value share a place, as the
    caller's own rank does."""
    return [1 + sum(other.value > e.value for other in entries) for e in entries]


def render_board(
    board: Board,
    metric: Metric,
    period: Period,
    label: str,
    hidden: bool,
    *,
    topic: str | None = None,
) -> Reply:
    unit = UNITS[_column(metric, period)]
    scope = unit if topic is None else f"{unit} in {topic}"
    title = f"Leaderboard · {scope} · {label}"
    if not board.entries:
        lines = [
            f"Nobody is on this board yet. Practise with /quiz {topic}!"
            if topic is not None
            else "Nobody is on this board yet. Check in, answer quizzes and ship projects!"
        ]
    else:
        lines = [
            f"{MEDALS.get(place, f'{place}.')} {e.name} — {e.value:,} {unit}"
            for place, e in zip(places(board.entries), board.entries, strict=True)
        ]
    if hidden:
        lines.append("\nYou are hidden from leaderboards (/me show to appear).")
    elif board.own_rank is None:
        lines.append(f"\nYou have no {unit} here yet.")
    else:
        lines.append(f"\nYou: #{board.own_rank} with {board.own_value:,} {unit}.")
    return Reply("\n".join(lines), title=title)
