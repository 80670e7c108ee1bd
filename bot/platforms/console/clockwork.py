"""Simulated time for the console: sleepers wake only when the clock is moved."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from datetime import datetime

from bot.clock import ManualClock
from bot.services.ports import Background

SETTLE_POLL_SECONDS = 0.005
SETTLE_LIMIT_SECONDS = 10.0


class ManualSleeper:
    """``until(t)`` waits until the console moves the clock to or past ``t``."""

    def __init__(self, clock: ManualClock) -> None:
        self._clock = clock
        self._waiting: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def until(self, instant: datetime) -> None:
        if instant <= self._clock.now():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (instant, next(self._order), future))
        await future

    @property
    def waiting(self) -> int:
        return sum(not f.done() for _, _, f in self._waiting)

    def next_wake(self) -> datetime | None:
        return self._waiting[0][0] if self._waiting else None

    def release_due(self) -> bool:
        """Wake the earliest sleeper due by now; True when one was woken."""
        while self._waiting and self._waiting[0][0] <= self._clock.now():
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)
                return True
        return False

    async def settle(self, background: Background) -> None:
        """Run background work until every task has finished or waits on the clock again."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT_SECONDS
        while loop.time() < deadline:
            self.release_due()
            await asyncio.sleep(SETTLE_POLL_SECONDS)
            if background.running == self.waiting and not self._due_waiting():
                return

    def _due_waiting(self) -> bool:
        return any(not f.done() and t <= self._clock.now() for t, _, f in self._waiting)
