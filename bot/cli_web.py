"""``mlpath run web --now``: the dashboard of a database as of a fixed time (the demo's)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cli_checks import fail
from bot.clock import Clock, ManualClock


def frozen_clock(now: str | None, platform: str) -> Clock | None:
    """A clock stopped at ``now`` for ``run web``; None (real time) without it. The dashboard's
    sign-in links and sessions keep real time either way."""
    if now is None:
        return None
    if platform != "web":
        raise fail("--now is for `mlpath run web` only (the bots always run on real time)", 2)
    try:
        instant = datetime.fromisoformat(now)
    except ValueError:
        raise fail(f"--now {now[:40]}: use an ISO-8601 time such as 2026-01-13T12:00", 2) from None
    return ManualClock(instant if instant.tzinfo else instant.replace(tzinfo=UTC))
