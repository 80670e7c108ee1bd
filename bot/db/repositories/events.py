"""Platform delivery keys already processed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, false, select

from bot.db.models import ProcessedEvent
from bot.db.repositories._base import _insert_ignore, _Repository

# How long a delivery key can come back. Slack retries an event at once, after a minute and
# after five minutes (X-Slack-Retry-Num), and bolt refuses a signed request whose timestamp
# is more than five minutes off; a trigger id lives three seconds. A day is ample margin.
REPLAY_WINDOW = timedelta(days=1)


class EventRepository(_Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        """Remember a platform delivery key; False when it was seen before."""
        return await _insert_ignore(self.session, ProcessedEvent, {"key": key, "at": at})

    async def prune(self, before: datetime, limit: int) -> int:
        """Forget up to ``limit`` keys seen before ``before``; how many were forgotten."""
        batch = (
            select(ProcessedEvent.key)
            .where(ProcessedEvent.at < before)
            .limit(limit)
            .with_for_update(skip_locked=True)  # Postgres: a second pruner takes other rows
        )
        stmt = delete(ProcessedEvent).where(ProcessedEvent.key.in_(batch))
        result = await self.session.execute(stmt.execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def check_writable(self) -> None:
        """A write that changes nothing: it fails on a read-only database (a SQLite file
        opened read-only, a Postgres standby or a read-only role)."""
        await self.session.execute(
            delete(ProcessedEvent).where(false()).execution_options(synchronize_session=False)
        )
