"""Milestones a member has reached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from bot.db.models import Member, Milestone
from bot.db.repositories._base import _insert_ignore, _Repository

# Migration 0005 marks members who were here before milestones were recorded.
BASELINE = "baseline"


class MilestoneRepository(_Repository):
    async def keys(self, member_id: int) -> set[str]:
        stmt = select(Milestone.key).where(Milestone.member_id == member_id)
        return set((await self.session.execute(stmt)).scalars())

    async def of_member(self, member_id: int) -> Sequence[Milestone]:
        stmt = (
            select(Milestone)
            .where(Milestone.member_id == member_id, Milestone.key != BASELINE)
            .order_by(Milestone.at, Milestone.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def forget(self, member_id: int, key: str) -> None:
        await self.session.execute(
            delete(Milestone).where(Milestone.member_id == member_id, Milestone.key == key)
        )

    async def holders(self, community_id: int, key: str) -> Sequence[Member]:
        stmt = (
            select(Member)
            .join(Milestone, Milestone.member_id == Member.id)
            .where(Member.community_id == community_id, Milestone.key == key)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def record(self, member_id: int, key: str, at: datetime) -> bool:
        """True the first time; a milestone is recorded once per member, ever."""
        return await _insert_ignore(
            self.session, Milestone, {"member_id": member_id, "key": key, "at": at}
        )
