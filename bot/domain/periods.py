"""Leaderboard periods: calendar weeks (Monday first) and months of study days, and the
counter keys of each period, plain or of one quiz topic."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

Period = Literal["week", "month", "all"]
PERIODS: tuple[Period, ...] = ("week", "month", "all")
ALL = "all"
TOPIC_SEPARATOR = "/"  # never in a period key or a topic key (``[a-z0-9-]``)


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
    """Every plain counter (of all topics) a study day adds to."""
    return tuple(period_key(p, day) for p in PERIODS)


def topic_period_key(period: Period, day: date, topic: str) -> str:
    """The counter key of one quiz topic's board in the period containing ``day``:
    ``w2026-11-30/numpy``, ``m2026-11/numpy``, ``all/numpy``. Topic boards live in the same
    counters as the plain ones, so a topic board is one index range like any other."""
    return f"{period_key(period, day)}{TOPIC_SEPARATOR}{topic}"


def topic_period_keys(day: date, topic: str) -> tuple[str, ...]:
    """Every topic counter a correct answer in ``topic`` on study day ``day`` adds to."""
    return tuple(topic_period_key(p, day, topic) for p in PERIODS)


def period_label(period: Period, day: date) -> str:
    if period == "week":
        return f"the week of {week_start(day):%d %b %Y}".replace(" 0", " ")
    if period == "month":
        return f"{day:%B %Y}"
    return "all time"
