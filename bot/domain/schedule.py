"""When a community's daily post is due (SPEC §3), across DST and ``day_start``.

A community posts once per *study day* (its local date minus ``day_start``), at ``post_time``
on the calendar date that study day covers. A ``post_time`` that does not exist (the
spring-forward gap) moves to the first valid local time after it; one that exists twice (the
fall-back hour) is taken at its first occurrence. So every study day has exactly one instant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.timeutil import study_day, zone

_MAX_GAP_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class PostClock:
    """The schedule-relevant settings of one community."""

    timezone: str
    post_time: time
    day_start: time


def resolve_local(day: date, at: time, tz_name: str) -> datetime:
    """UTC instant of wall time ``at`` on ``day``: a gap moves forward, a fold takes the first."""
    tz = zone(tz_name)
    naive = datetime.combine(day, at)
    for minute in range(_MAX_GAP_MINUTES):
        candidate = naive + timedelta(minutes=minute)
        aware = candidate.replace(tzinfo=tz, fold=0)
        instant = aware.astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == candidate:
            return instant
    raise ValueError(f"no valid local time after {naive} in {tz_name}")


def post_instant(clock: PostClock, day: date) -> datetime:
    """The instant of the post of study day ``day``."""
    calendar_day = day if clock.post_time >= clock.day_start else day + timedelta(days=1)
    return resolve_local(calendar_day, clock.post_time, clock.timezone)


def latest_due(clock: PostClock, now: datetime) -> tuple[date, datetime]:
    """The most recent (study day, instant) at or before ``now``."""
    day = study_day(now, clock.timezone, clock.day_start) + timedelta(days=1)
    while (instant := post_instant(clock, day)) > now:
        day -= timedelta(days=1)
    return day, instant


def due_between(
    clock: PostClock, after: datetime, until: datetime
) -> Iterator[tuple[date, datetime]]:
    """Every (study day, instant) with ``after < instant <= until``, in order."""
    day, instant = latest_due(clock, after)
    while True:
        day += timedelta(days=1)
        instant = post_instant(clock, day)
        if instant > until:
            return
        if instant > after:
            yield day, instant


def next_due(clock: PostClock, after: datetime) -> tuple[date, datetime]:
    """The first (study day, instant) strictly after ``after``."""
    day, _ = latest_due(clock, after)
    day += timedelta(days=1)
    return day, post_instant(clock, day)
