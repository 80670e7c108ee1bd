"""Pacing requests to a platform's limit, counted the way the platform counts them."""

from __future__ import annotations

import asyncio
import math
from types import TracebackType


class SlidingWindow:
    """At most ``limit`` requests land in any window of ``limit / rate`` seconds, the way a
    platform counts a global limit (Discord: 50 a second, sliding).

    A request holds one of ``limit`` slots from its start until ``period`` after it finished.
    Wherever it lands at the platform, between its start and its end, no ``limit`` others can
    land within ``period`` of it, however long each waited on the way (a busy event loop, the
    network). Unlike a leaky bucket of capacity one, which loses every millisecond a waiter
    wakes late and on a busy loop ran delivery 14 % over the limit's pace, a late request
    is made up by the next ones. Waiters are served in order (``asyncio.Semaphore``).
    """

    def __init__(self, rate: float, *, limit: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.limit = limit or max(1, math.floor(rate))
        self.period = self.limit / rate
        self._slots = asyncio.Semaphore(self.limit)

    async def __aenter__(self) -> None:
        await self._slots.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        asyncio.get_running_loop().call_later(self.period, self._slots.release)
