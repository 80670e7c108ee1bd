"""Services front doors need around commands: delivery de-duplication."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.uow import UnitOfWorkFactory


class PlatformService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def first_delivery(self, key: str) -> bool:
        """True the first time a platform delivery key (event id, retry) is seen."""
        async with self._uow() as uow:
            fresh = await uow.events.first_time(key[:200], self._clock.now())
            await uow.commit()
        return fresh
