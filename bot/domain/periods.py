"""Leaderboard periods: calendar weeks (Monday first) and months of study days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

Period = Literal["week", "month", "all"]
PERIODS: tuple[Period, ...] = ("week", "month", "all")
ALL = "all"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_key(period: Period, day: date) -> str:
    """The counter key of the period containing ``day``: ``w2026-11-23``, ``m2026-11``, ``all``."""
    if period == "week":
        return f"w{week_start(day).isoformat()}"
    if period == "month":
        return f"m{day:%Y-%m}"
    return ALL


def period_keys(day: date) -> tuple[str, ...]:
    """Every counter a study day adds to."""
    return tuple(period_key(p, day) for p in PERIODS)


def period_label(period: Period, day: date) -> str:
    if period == "week":
        return f"the week of {week_start(day):%d %b %Y}".replace(" 0", " ")
    if period == "month":
        return f"{day:%B %Y}"
    return "all time"
