"""The outbox: posts queued for delivery and the leases workers hold on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import and_, case, delete, func, or_, select, update

from bot.db.models import Community, OutboxMessage
from bot.db.repositories._base import (
    _dialect,
    _insert_ignore,
    _insert_ignore_statement,
    _Repository,
    _table,
)

PRESENT_CHUNK = 500  # communities per look-up (SQLite's bound-parameter limit)


class NewPost(TypedDict):
    """The columns of an outbox row to insert: plain values, not an ORM object, since the
    sweep after the post time builds thousands of them and no session tracks them."""

    community_id: int
    kind: str
    key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    not_before: datetime
    created_at: datetime


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

    async def renew(self, worker: str, rows: Sequence[Claimed], now: datetime) -> set[int]:
        """Extend ``worker``'s leases on ``rows`` to ``now``, for the rows it still holds by
        the claim it made (status ``sending``, claimed by it, no claim since: ``attempts``
        unchanged). Returns their ids; a row another worker took over is left alone."""
        if not rows:
            return set()
        held = or_(
            *(and_(OutboxMessage.id == r.id, OutboxMessage.attempts == r.attempts) for r in rows)
        )
        stmt = (
            update(OutboxMessage)
            .where(held, OutboxMessage.status == "sending", OutboxMessage.claimed_by == worker)
            .values(claimed_at=now)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        return set((await self.session.execute(stmt)).scalars())

    async def release(self, worker: str, keep: Sequence[int] = ()) -> int:
        """Hand ``worker``'s leased rows back (pending, unclaimed) but those in ``keep`` (sends
        whose outcome is unknown); how many. For a clean stop: no replica waits for a lease."""
        stmt = (
            update(OutboxMessage)
            .where(
                OutboxMessage.status == "sending",
                OutboxMessage.claimed_by == worker,
                OutboxMessage.id.not_in(list(keep)),
            )
            .values(status="pending", claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(await self.session.execute(stmt), "rowcount", 0) or 0)

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

    async def prune_sent(self, before: datetime, limit: int) -> int:
        """Delete up to ``limit`` rows sent before ``before``; how many were deleted. Rows not
        sent (pending, sending, failed, skipped) are kept whatever their age."""
        batch = (
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "sent", OutboxMessage.sent_at < before)
            .limit(limit)
            .with_for_update(skip_locked=True)  # Postgres: a second pruner takes other rows
        )
        stmt = delete(OutboxMessage).where(OutboxMessage.id.in_(batch))
        result = await self.session.execute(stmt.execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def pending_state(self, now: datetime) -> tuple[int, datetime | None]:
        """How many posts are pending, and when the oldest of those due by ``now`` fell due
        (the status index: pending rows only)."""
        stmt = select(
            func.count(),
            func.min(case((OutboxMessage.not_before <= now, OutboxMessage.not_before))),
        ).where(OutboxMessage.status == "pending")
        count, oldest = (await self.session.execute(stmt)).one()
        return int(count), oldest

    async def exists(self, community_id: int, kind: str, key: str) -> bool:
        stmt = select(OutboxMessage.id).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key == key,
        )
        return (await self.session.execute(stmt)).first() is not None

    async def present(self, wanted: set[tuple[int, str, str]]) -> set[tuple[int, str, str]]:
        """Which of the (community, kind, key) triples are queued already — in a few reads
        however many communities there are (the scheduler's cheap "anything due?")."""
        found: set[tuple[int, str, str]] = set()
        communities = sorted({c for c, _, _ in wanted})
        kinds = sorted({k for _, k, _ in wanted})
        for start in range(0, len(communities), PRESENT_CHUNK):
            chunk = communities[start : start + PRESENT_CHUNK]
            members = set(chunk)
            keys = sorted({key for c, _, key in wanted if c in members})
            stmt = select(OutboxMessage.community_id, OutboxMessage.kind, OutboxMessage.key).where(
                OutboxMessage.community_id.in_(chunk),
                OutboxMessage.kind.in_(kinds),
                OutboxMessage.key.in_(keys),
            )
            found.update((c, k, key) for c, k, key in (await self.session.execute(stmt)).all())
        return found & wanted

    async def find(self, community_id: int, kind: str, key: str) -> OutboxMessage | None:
        stmt = select(OutboxMessage).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key == key,
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def enqueue(self, post: NewPost) -> bool:
        """Queue a post once per (community, kind, key); False when it already exists."""
        return await _insert_ignore(self.session, OutboxMessage, dict(post))

    async def enqueue_many(self, posts: Sequence[NewPost]) -> int:
        """Queue posts in one statement, each once per (community, kind, key); returns how
        many were new."""
        if not posts:
            return 0
        table = _table(OutboxMessage)
        rows = list(posts)
        connection = await self.session.connection()
        dialect = _dialect(self.session)
        if dialect == "sqlite":
            # sqlite3's executemany: one call, its rowcount counts the rows inserted
            result = await connection.execute(_insert_ignore_statement(dialect, table), rows)
            return int(result.rowcount)
        # asyncpg reports no rowcount for executemany: RETURNING, sent as one multi-row INSERT
        result = await connection.execute(_insert_ignore_statement(dialect, table, "id"), rows)
        return len(result.all())
