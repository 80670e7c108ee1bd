"""Communities: one per Discord guild or Slack workspace."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.db.models import Community
from bot.db.repositories._base import _Repository


class CommunityRepository(_Repository):
    async def get(self, platform: str, external_id: str) -> Community | None:
        stmt = select(Community).where(
            Community.platform == platform, Community.external_id == external_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def add(self, community: Community) -> Community:
        self.session.add(community)
        await self.session.flush()
        return community

    async def all_scheduled(self) -> Sequence[Community]:
        """Communities with a channel and a start date that are not paused."""
        stmt = select(Community).where(
            Community.roadmap_start.is_not(None),
            Community.channel_id.is_not(None),
            Community.paused.is_(False),
        )
        return (await self.session.execute(stmt.order_by(Community.id))).scalars().all()

    async def by_id(self, community_id: int) -> Community | None:
        return await self.session.get(Community, community_id)
