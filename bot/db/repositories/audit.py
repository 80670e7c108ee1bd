"""The admin audit log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.db.models import AuditEntry
from bot.db.repositories._base import _Repository


class AuditRepository(_Repository):
    async def record(self, entry: AuditEntry) -> None:
        self.session.add(entry)
        await self.session.flush()

    async def latest(self, community_id: int, limit: int) -> Sequence[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.community_id == community_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()
