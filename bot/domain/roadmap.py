"""Where a community stands on the roadmap (SPEC §3)."""

from __future__ import annotations

from datetime import date


def roadmap_day(start: date, today: date) -> int:
    """Day N = days since the start date + 1 (0 or less: not started yet)."""
    return (today - start).days + 1
