"""Streak holds (vacation mode)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from bot.db.models import StreakHold
from bot.db.repositories._base import _Repository
from bot.domain.holds import Hold


class HoldRepository(_Repository):
    async def of_member(self, member_id: int) -> list[Hold]:
        """Every hold of the member, earliest first (a few a quarter at most)."""
        stmt = (
            select(StreakHold.first_day, StreakHold.last_day)
            .where(StreakHold.member_id == member_id)
            .order_by(StreakHold.first_day)
        )
        return [Hold(first, last) for first, last in (await self.session.execute(stmt)).all()]

    async def add(self, member_id: int, hold: Hold, at: datetime) -> None:
        self.session.add(
            StreakHold(member_id=member_id, first_day=hold.first, last_day=hold.last, created_at=at)
        )
        await self.session.flush()

    async def end(self, member_id: int, hold: Hold, kept: Hold | None) -> None:
        """Shorten ``hold`` to ``kept``, or remove it when none of its days were held."""
        where = (StreakHold.member_id == member_id, StreakHold.first_day == hold.first)
        if kept is None:
            await self.session.execute(delete(StreakHold).where(*where))
        else:
            await self.session.execute(update(StreakHold).where(*where).values(last_day=kept.last))
