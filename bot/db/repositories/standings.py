"""Leaderboard standings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from bot.db.models import Member, MemberPeriod, XpEvent
from bot.db.repositories._base import _Repository


@dataclass(frozen=True, slots=True)
class Standing:
    member_id: int
    name: str
    value: int


METRIC_COLUMNS = {"xp": MemberPeriod.xp, "days": MemberPeriod.days, "correct": MemberPeriod.correct}


class StandingsRepository(_Repository):
    """Leaderboards: each query is one range of a ``member_periods`` or ``members`` index."""

    async def top(self, community_id: int, period: str, metric: str, limit: int) -> list[Standing]:
        column = METRIC_COLUMNS[metric]
        stmt = (
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
        return [Standing(m, n, int(v)) for m, n, v in (await self.session.execute(stmt)).all()]

    async def value(self, member_id: int, period: str, metric: str) -> int:
        column = METRIC_COLUMNS[metric]
        stmt = select(column).where(
            MemberPeriod.member_id == member_id, MemberPeriod.period == period
        )
        return int((await self.session.execute(stmt)).scalar_one_or_none() or 0)

    async def ahead(self, community_id: int, period: str, metric: str, value: int) -> int:
        """How many visible members have more than ``value`` (rank = this + 1)."""
        column = METRIC_COLUMNS[metric]
        stmt = select(func.count()).where(
            MemberPeriod.community_id == community_id,
            MemberPeriod.period == period,
            MemberPeriod.hidden.is_(False),
            column > value,
        )
        return int((await self.session.execute(stmt)).scalar_one())

    @staticmethod
    def _alive(alive_since: dict[int, date]) -> Any:
        """Streaks still alive: last study day recent enough for the freezes held."""
        most = max(alive_since)
        return or_(
            *(
                and_(
                    Member.freezes >= most if held == most else Member.freezes == held,
                    Member.last_study_day >= day,
                )
                for held, day in alive_since.items()
            )
        )

    async def streaks(
        self, community_id: int, alive_since: dict[int, date], limit: int
    ) -> Sequence[Member]:
        """Visible members with a live streak, longest first."""
        stmt = (
            select(Member)
            .where(
                Member.community_id == community_id,
                Member.hidden.is_(False),
                Member.streak_current > 0,
                self._alive(alive_since),
            )
            .order_by(Member.streak_current.desc(), Member.last_study_day.desc())
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def streaks_ahead(
        self, community_id: int, alive_since: dict[int, date], streak: int
    ) -> int:
        """Visible members with a live streak longer than ``streak``."""
        stmt = select(func.count()).where(
            Member.community_id == community_id,
            Member.hidden.is_(False),
            Member.streak_current > streak,
            self._alive(alive_since),
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def set_hidden(self, member_id: int, hidden: bool) -> None:
        await self.session.execute(
            update(MemberPeriod).where(MemberPeriod.member_id == member_id).values(hidden=hidden)
        )

    async def xp_by_day(self, member_id: int) -> list[tuple[date, int]]:
        """XP earned per study day, oldest first (the profile's XP-over-time line)."""
        stmt = (
            select(XpEvent.study_day, func.sum(XpEvent.amount))
            .where(XpEvent.member_id == member_id, XpEvent.study_day.is_not(None))
            .group_by(XpEvent.study_day)
            .order_by(XpEvent.study_day)
        )
        return [(d, int(n)) for d, n in (await self.session.execute(stmt)).all() if d is not None]
