"""Platform roles granted per ladder level."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.db.models import LadderRole
from bot.db.repositories._base import _Repository


class LadderRoleRepository(_Repository):
    async def of_community(self, community_id: int) -> dict[str, str]:
        stmt = select(LadderRole.level_key, LadderRole.role_id).where(
            LadderRole.community_id == community_id
        )
        return {k: r for k, r in (await self.session.execute(stmt)).all()}

    async def set(
        self, community_id: int, level_key: str, role_id: str | None, at: datetime
    ) -> None:
        await self.session.execute(
            delete(LadderRole).where(
                LadderRole.community_id == community_id, LadderRole.level_key == level_key
            )
        )
        if role_id is not None:
            self.session.add(
                LadderRole(community_id=community_id, level_key=level_key, role_id=role_id, at=at)
            )
        await self.session.flush()
