"""What services need from the outside world, as protocols the front doors implement."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any, Protocol

from bot.clock import Clock
from bot.replies import Reply

log = logging.getLogger("mlpath.background")


class DeliveryFailed(Exception):
    """A platform refused a post: ``retry_after`` seconds for 429/5xx, or permanently."""

    def __init__(
        self, reason: str, *, retry_after: float | None = None, rate_limited: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.rate_limited = rate_limited  # a 429: counted in the metrics

    @property
    def permanent(self) -> bool:
        return self.retry_after is None


class Publisher(Protocol):
    """A platform's way out: channel posts, direct messages, and channel look-ups."""

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        """Post publicly; returns the platform message id; raises DeliveryFailed.

        ``key`` identifies the post across resends, for platforms that can de-duplicate.
        """
        ...

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        """Send a private message to one member; raises DeliveryFailed."""
        ...

    async def channel_exists(self, community_id: str, channel_id: str) -> bool: ...

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        """Give a member a platform role (Discord's ladder roles); returns "" where roles
        do not exist; raises DeliveryFailed."""
        ...


class BotTokens(Protocol):
    """Where an adapter finds a workspace's own bot token (Slack for many workspaces)."""

    async def bot_token(self, team_id: str) -> str | None:
        """The workspace's bot token; None when it is not (or no longer) installed."""
        ...


class Publishers:
    """The publisher of each platform, registered by its front door when it starts."""

    def __init__(self) -> None:
        self._by_platform: dict[str, Publisher] = {}

    def register(self, platform: str, publisher: Publisher) -> None:
        self._by_platform[platform] = publisher

    def platforms(self) -> list[str]:
        return sorted(self._by_platform)

    def get(self, platform: str) -> Publisher:
        try:
            return self._by_platform[platform]
        except KeyError:
            raise LookupError(f"no publisher for {platform} is running") from None


class Notifier:
    """Tells interested parts of this process (the scheduler) that settings changed."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[int], Awaitable[None]]] = []

    def on_community_changed(self, listener: Callable[[int], Awaitable[None]]) -> None:
        self._listeners.append(listener)

    async def community_changed(self, community_id: int) -> None:
        for listener in self._listeners:
            await listener(community_id)


class Sleeper(Protocol):
    async def until(self, instant: datetime) -> None: ...


class ClockSleeper:
    """Real time: sleep until the clock reaches ``instant``."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def until(self, instant: datetime) -> None:
        await asyncio.sleep(max(0.0, (instant - self._clock.now()).total_seconds()))


class Background:
    """Keeps references to background tasks and logs their failures."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())

    @property
    def running(self) -> int:
        return sum(not t.done() for t in self._tasks)

    async def cancel(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
