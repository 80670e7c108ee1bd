"""The outbox: posts queued for delivery and the leases workers hold on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from bot.db.models import Community, OutboxMessage
from bot.db.repositories._base import _insert_ignore, _Repository


@dataclass(frozen=True, slots=True)
class Claimed:
    """An outbox row a worker holds the lease on."""

    id: int
    platform: str
    community: str  # external id
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


class OutboxRepository(_Repository):
    async def claim(
        self,
        worker: str,
        platforms: list[str],
        now: datetime,
        lease_expired_before: datetime,
        limit: int,
    ) -> list[Claimed]:
        """Claim due rows for ``worker`` (Postgres: FOR UPDATE SKIP LOCKED; SQLite: write lock)."""
        due = or_(
            and_(OutboxMessage.status == "pending", OutboxMessage.not_before <= now),
            and_(
                OutboxMessage.status == "sending", OutboxMessage.claimed_at < lease_expired_before
            ),
        )
        stmt = (
            select(OutboxMessage, Community.platform, Community.external_id)
            .join(Community, Community.id == OutboxMessage.community_id)
            .where(due, Community.platform.in_(platforms))
            .order_by(OutboxMessage.not_before, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
        claimed = []
        for row, platform, external in (await self.session.execute(stmt)).all():
            row.status, row.claimed_by, row.claimed_at = "sending", worker, now
            row.attempts += 1
            claimed.append(
                Claimed(row.id, platform, external, dict(row.payload), row.attempts, row.created_at)
            )
        await self.session.flush()
        return claimed

    async def claim_one(self, worker: str, row_id: int, now: datetime) -> Claimed | None:
        """Claim one pending row by id (a live round's question must not queue behind others)."""
        stmt = (
            select(OutboxMessage, Community.platform, Community.external_id)
            .join(Community, Community.id == OutboxMessage.community_id)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == "pending")
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
        found = (await self.session.execute(stmt)).first()
        if found is None:
            return None
        row, platform, external = found
        row.status, row.claimed_by, row.claimed_at = "sending", worker, now
        row.attempts += 1
        await self.session.flush()
        return Claimed(row.id, platform, external, dict(row.payload), row.attempts, row.created_at)

    async def mark_sent(self, row_id: int, message_id: str, now: datetime) -> None:
        """The platform accepted the post: sent, whoever holds the lease now (fewer resends)."""
        row = await self.session.get(OutboxMessage, row_id, with_for_update=True)
        if row is not None and row.status != "sent":
            row.status, row.message_id, row.sent_at = "sent", message_id[:64], now

    async def _held_by(self, row_id: int, worker: str) -> OutboxMessage | None:
        """The row, if ``worker`` still holds its lease (a stale worker must not release it)."""
        row = await self.session.get(OutboxMessage, row_id, with_for_update=True)
        if row is None or row.status != "sending" or row.claimed_by != worker:
            return None
        return row

    async def mark_failed(self, row_id: int, worker: str, reason: str) -> None:
        row = await self._held_by(row_id, worker)
        if row is not None:
            row.status, row.last_error = "failed", reason[:2000]

    async def retry_later(self, row_id: int, worker: str, reason: str, when: datetime) -> None:
        row = await self._held_by(row_id, worker)
        if row is not None:
            row.status, row.not_before, row.last_error = "pending", when, reason[:2000]

    async def exists(self, community_id: int, kind: str, key: str) -> bool:
        stmt = select(OutboxMessage.id).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key == key,
        )
        return (await self.session.execute(stmt)).first() is not None

    async def find(self, community_id: int, kind: str, key: str) -> OutboxMessage | None:
        stmt = select(OutboxMessage).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key == key,
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def enqueue(self, message: OutboxMessage) -> bool:
        """Queue a post once per (community, kind, key); False when it already exists."""
        values = {
            c.key: getattr(message, c.key)
            for c in OutboxMessage.__table__.columns
            if c.key != "id" and getattr(message, c.key) is not None
        }
        return await _insert_ignore(self.session, OutboxMessage, values)
