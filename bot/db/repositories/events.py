"""Platform delivery keys already processed."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import ProcessedEvent
from bot.db.repositories._base import _insert_ignore, _Repository


class EventRepository(_Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        """Remember a platform delivery key; False when it was seen before."""
        return await _insert_ignore(self.session, ProcessedEvent, {"key": key, "at": at})
