"""The operations endpoints of one ``mlpath run`` process, wired to what it runs: the database
behind the unit of work, its platform connections and its scheduler (SPEC §9)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer

if TYPE_CHECKING:
    from bot.bootstrap import App

Probe = Callable[[], Awaitable[bool]]


class RateLimitLog(logging.Handler):
    """Counts the 429s discord.py handles by itself (it logs each one it waits out)."""

    def __init__(self, metrics: Metrics, platform: str) -> None:
        super().__init__(logging.DEBUG)
        self._metrics, self._platform = metrics, platform

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("We are being rate limited."):
            self._metrics.rate_limited.labels(self._platform).inc()


def count_rate_limits(metrics: Metrics) -> None:
    """Count the 429s discord.py waits out by itself, from its log."""
    logging.getLogger("discord.http").addHandler(RateLimitLog(metrics, "discord"))


def ops_server(app: App, host: str, port: int, connections: dict[str, Probe]) -> OpsServer:
    """The endpoints for ``app``: ready when the database answers and every connection in
    ``connections`` (the platforms, the scheduler) says it is up."""
    server = OpsServer(app.metrics, host, port)
    server.check("database", app.uow.ping)
    for name, probe in connections.items():
        server.check(name, probe)
    app.metrics.watch_outbox(app.services.delivery.outbox_state)
    return server
