"""Leaderboard standings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import aliased

from bot.db.models import CheckIn, Member, MemberPeriod, XpEvent
from bot.db.repositories._base import _Repository
from bot.db.types import UTCDateTime
from bot.domain.streaks import Streak


@dataclass(frozen=True, slots=True)
class Standing:
    member_id: int
    name: str
    value: int


@dataclass(frozen=True, slots=True)
class BoardRows:
    """A counter board as one statement returns it: the top, the caller's value, and how many
    visible members are ahead of the caller (None: no rank, hidden or nothing yet)."""

    top: list[Standing]
    own: int
    ahead: int | None


@dataclass(frozen=True, slots=True)
class LiveCandidate:
    """A member on the live-streak board: what their shown streak needs, nothing more."""

    name: str
    timezone: str | None
    platform_timezone: str | None
    streak: Streak


@dataclass(frozen=True, slots=True)
class LiveRows:
    candidates: list[LiveCandidate]  # longest stored streak first
    ahead: int | None  # None when no rank was asked for


METRIC_COLUMNS = {"xp": MemberPeriod.xp, "days": MemberPeriod.days, "correct": MemberPeriod.correct}

# The kind of each row of a board statement: an entry of the top, or the caller's own row.
TOP_ROW, OWN_ROW = 0, 1


def _top_statement(community_id: Any, period: Any, metric: str, limit: int) -> Any:
    column = METRIC_COLUMNS[metric]
    return (
        select(MemberPeriod.member_id, Member.name, column)
        .join(Member, Member.id == MemberPeriod.member_id)
        .where(
            MemberPeriod.community_id == community_id,
            MemberPeriod.period == period,
            MemberPeriod.hidden.is_(False),
            column > 0,
        )
        .order_by(column.desc(), MemberPeriod.member_id)
        .limit(limit)
    )


@cache
def _board_statement(metric: str, with_member: bool, limit: int) -> Any:
    """A counter board in one statement, built once per shape with bound parameters
    (``community_id``, ``period``, ``member_id``; see ``repositories._base``): the top rows, then
    the caller's own row with the count of visible members ahead of them."""
    community_id = bindparam("community_id", type_=Integer)
    period = bindparam("period", type_=String)
    column = METRIC_COLUMNS[metric]
    top = _top_statement(community_id, period, metric, limit).subquery("top")
    parts: list[Any] = [
        select(
            literal_column(str(TOP_ROW)).label("kind"),
            top.c.member_id,
            top.c.name,
            top.c[column.key].label("value"),
            cast(null(), Integer).label("ahead"),
        )
    ]
    if with_member:
        own = aliased(MemberPeriod, name="own")
        own_value: ColumnElement[int] = getattr(own, column.key)
        ahead = (
            select(func.count())
            .select_from(MemberPeriod)
            .where(
                MemberPeriod.community_id == community_id,
                MemberPeriod.period == period,
                MemberPeriod.hidden.is_(False),
                column > own_value,
            )
            .correlate(own)
            .scalar_subquery()
        )
        parts.append(
            select(
                literal_column(str(OWN_ROW)),
                own.member_id,
                cast(null(), String),
                own_value,
                case((and_(own_value > 0, own.hidden.is_(False)), ahead)),
            ).where(own.member_id == bindparam("member_id"), own.period == period)
        )
    return union_all(*parts)


def _alive() -> Any:
    """Streaks still alive at the ``now`` parameter, in each member's own timezone."""
    return Member.streak_ends_at > bindparam("now", type_=UTCDateTime())


@cache
def _live_statement(ranked: bool, limit: int) -> Any:
    """The live-streak board, built once per shape (see ``_board_statement``): the live
    streaks, longest first, and with ``ranked`` the count of live streaks over ``streak``."""
    community_id = bindparam("community_id", type_=Integer)
    candidates = (
        select(
            Member.name,
            Member.timezone,
            Member.platform_timezone,
            Member.streak_current,
            Member.streak_longest,
            Member.freezes,
            Member.last_study_day,
            Member.streak_anchor,
        )
        .where(
            Member.community_id == community_id,
            Member.hidden.is_(False),
            Member.streak_current > 0,
            _alive(),
        )
        .order_by(Member.streak_current.desc(), Member.streak_ends_at.desc())
        .limit(limit)
        .subquery("candidates")
    )
    parts: list[Any] = [
        select(
            literal_column(str(TOP_ROW)).label("kind"),
            *candidates.c,
            cast(null(), Integer).label("ahead"),
        )
    ]
    if ranked:
        ahead = (
            select(func.count())
            .select_from(Member)
            .where(
                Member.community_id == community_id,
                Member.hidden.is_(False),
                Member.streak_current > bindparam("streak", type_=Integer),
                _alive(),
            )
            .scalar_subquery()
        )
        parts.append(
            select(
                literal_column(str(OWN_ROW)),
                cast(null(), String),
                cast(null(), String),
                cast(null(), String),
                cast(null(), Integer),
                cast(null(), Integer),
                cast(null(), Integer),
                cast(null(), Member.last_study_day.type),
                cast(null(), Member.streak_anchor.type),
                ahead,
            )
        )
    return union_all(*parts)


class StandingsRepository(_Repository):
    """Leaderboards: each board is one statement (one round trip to the database) over ranges of
    a ``member_periods`` or ``members`` index: the top in index order, the caller's own row,
    and the caller's rank as a count over the same index range."""

    async def top(self, community_id: int, period: str, metric: str, limit: int) -> list[Standing]:
        stmt = _top_statement(community_id, period, metric, limit)
        return [Standing(m, n, int(v)) for m, n, v in (await self.session.execute(stmt)).all()]

    async def board(
        self, community_id: int, period: str, metric: str, member_id: int | None, limit: int
    ) -> BoardRows:
        """The top ``limit`` of a counter board and, for ``member_id``, their value and the
        number of visible members with more (counted only when they have a visible value),
        in one statement."""
        stmt = _board_statement(metric, member_id is not None, limit)
        params = {"community_id": community_id, "period": period, "member_id": member_id}
        rows = (await self.session.execute(stmt, params)).all()
        entries = sorted(
            (Standing(m, n, int(v)) for kind, m, n, v, _ in rows if kind == TOP_ROW),
            key=lambda s: (-s.value, s.member_id),
        )
        mine = next((r for r in rows if r[0] == OWN_ROW), None)
        if mine is None:
            return BoardRows(entries, 0, None)
        ahead_count = None if mine[4] is None else int(mine[4])
        return BoardRows(entries, int(mine[3] or 0), ahead_count)

    async def live_streaks(
        self, community_id: int, now: datetime, limit: int, *, ranked: bool, streak: int = 0
    ) -> LiveRows:
        """Visible members whose streak is alive ``now`` in their own timezone, longest first
        (at most ``limit``), and, with ``ranked``, how many of them have a streak longer than
        ``streak``: one statement over the ``ix_members_streak`` range."""
        stmt = _live_statement(ranked, limit)
        params = {"community_id": community_id, "now": now, "streak": streak}
        rows = (await self.session.execute(stmt, params)).all()
        found = [
            LiveCandidate(name, tz, platform_tz, Streak.stored(current, longest, freezes, last, at))
            for kind, name, tz, platform_tz, current, longest, freezes, last, at, _ in rows
            if kind == TOP_ROW
        ]
        # ties: the latest check-in first (a hold's later end does not put anyone ahead)
        found.sort(key=lambda c: (-c.streak.current, -(c.streak.last_day or date.min).toordinal()))
        count = next((r[9] for r in rows if r[0] == OWN_ROW), None)
        return LiveRows(found, None if count is None else int(count))

    async def set_hidden(self, member_id: int, hidden: bool) -> None:
        await self.session.execute(
            update(MemberPeriod).where(MemberPeriod.member_id == member_id).values(hidden=hidden)
        )

    async def calendar(self, member_id: int, since: date) -> list[tuple[date, str]]:
        """(study day, kind) of the member's check-in rows from ``since`` on (the profile's
        streak calendar: only the days it draws, by the (member, study day) index)."""
        stmt = select(CheckIn.study_day, CheckIn.kind).where(
            CheckIn.member_id == member_id, CheckIn.study_day >= since
        )
        return [(d, k) for d, k in (await self.session.execute(stmt)).all()]

    async def xp_by_day(self, member_id: int) -> list[tuple[date, int]]:
        """XP earned per study day, oldest first (the profile's XP-over-time line)."""
        stmt = (
            select(XpEvent.study_day, func.sum(XpEvent.amount))
            .where(XpEvent.member_id == member_id, XpEvent.study_day.is_not(None))
            .group_by(XpEvent.study_day)
            .order_by(XpEvent.study_day)
        )
        return [(d, int(n)) for d, n in (await self.session.execute(stmt)).all() if d is not None]
