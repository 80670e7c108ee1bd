"""Where a community stands on the roadmap (SPEC §3)."""

from __future__ import annotations

from datetime import date


def roadmap_day(start: date, today: date) -> int:
    """Day N = days since the start date + 1 (0 or less: not started yet)."""
    return (today - start).days + 1


def day_on_roadmap(start: date | None, day: date, length: int) -> int | None:
    """The roadmap day that study day ``day`` is on with Day 1 on ``start``, or None: no start,
    not started yet, or past the last of ``length`` days. A check-in stores it when it is made,
    so a later ``/admin roadmap-day`` or restart does not move it (issue 13)."""
    if start is None:
        return None
    n = roadmap_day(start, day)
    return n if 1 <= n <= length else None
