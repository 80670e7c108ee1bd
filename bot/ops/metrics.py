"""What a process counts, in its own Prometheus registry (no global state): commands by name
and outcome with their latency, deliveries by platform and result, 429s, the outbox's depth
and oldest pending age, and the scheduler's lag."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# Commands are acknowledged within 3 s: the buckets resolve the part of that that matters.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)


@dataclass(frozen=True, slots=True)
class OutboxState:
    pending: int
    oldest_seconds: float  # 0 when nothing is pending


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.commands = Counter(
            "mlpath_commands",
            "Commands handled, by command and outcome (ok, refused, error).",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "mlpath_command_seconds",
            "Time to answer a command, by command.",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.deliveries = Counter(
            "mlpath_deliveries",
            "Outbox deliveries, by platform and result (sent, retry, failed).",
            ["platform", "result"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "mlpath_rate_limited",
            "HTTP 429 answers seen from a platform.",
            ["platform"],
            registry=self.registry,
        )
        self.outbox_pending = Gauge(
            "mlpath_outbox_pending", "Posts waiting in the outbox.", registry=self.registry
        )
        self.outbox_oldest = Gauge(
            "mlpath_outbox_oldest_pending_seconds",
            "Age of the oldest post waiting in the outbox.",
            registry=self.registry,
        )
        self.scheduler_lag = Gauge(
            "mlpath_scheduler_lag_seconds",
            "How late the scheduler's latest run started after it was due.",
            registry=self.registry,
        )
        self._outbox: Callable[[], Awaitable[OutboxState]] | None = None

    def command(self, name: str, outcome: str, seconds: float) -> None:
        self.commands.labels(name, outcome).inc()
        self.latency.labels(name).observe(seconds)

    def watch_outbox(self, state: Callable[[], Awaitable[OutboxState]]) -> None:
        """Read the outbox's state at each scrape (one cheap query)."""
        self._outbox = state

    async def exposition(self) -> bytes:
        """The Prometheus text format, the outbox read fresh."""
        if self._outbox is not None:
            state = await self._outbox()
            self.outbox_pending.set(state.pending)
            self.outbox_oldest.set(state.oldest_seconds)
        return generate_latest(self.registry)
