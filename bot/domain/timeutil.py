"""Timezones, wall-clock times and study days (SPEC §2)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.errors import BadInput

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(value: str, what: str = "time") -> time:
    """Parse a 24-hour ``HH:MM`` wall-clock time."""
    match = _HHMM.match(value.strip())
    if not match:
        raise BadInput(f"`{value}` is not a valid {what}: use 24-hour HH:MM, e.g. 09:00 or 21:30.")
    return time(int(match.group(1)), int(match.group(2)))


def format_hhmm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


# Abbreviations people type for a place: in the tz database most are fixed offsets (EST is
# UTC-5 all year, never New York's summer time) or legacy rules. Suggest the place instead.
_PLACE_FOR = {
    "est": "America/New_York",
    "est5edt": "America/New_York",
    "cst6cdt": "America/Chicago",
    "mst": "America/Phoenix",
    "mst7mdt": "America/Denver",
    "pst8pdt": "America/Los_Angeles",
    "hst": "Pacific/Honolulu",
    "gmt": "Europe/London",
    "cet": "Europe/Berlin",
    "met": "Europe/Berlin",
    "eet": "Europe/Athens",
    "wet": "Europe/Lisbon",
}
_EXAMPLES = "Europe/Berlin, America/New_York, Asia/Kolkata or UTC"


def canonical_timezone(name: str) -> str:
    """Return the IANA Area/City name as spelled in the tz database (or UTC), or raise
    BadInput; abbreviations such as EST are refused with the place they usually mean."""
    key = name.strip()
    found = _zone_names().get(key.lower())
    if found is None or key.lower() in {"localtime", "factory"}:
        raise BadInput(f"`{name}` is not a timezone I know. Use an IANA name such as {_EXAMPLES}.")
    if "/" not in found and found != "UTC":
        place = _PLACE_FOR.get(found.lower())
        hint = f"e.g. {place}" if place else f"such as {_EXAMPLES}"
        raise BadInput(
            f"`{name}` is an abbreviation with a fixed offset or old rules, not a place: "
            f"use your city's zone, {hint}, so summer time is right."
        )
    return found


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadInput(f"`{name}` is not a timezone I know.") from exc


def require_aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instants must be timezone-aware")
    return instant


def study_day(instant: datetime, tz_name: str, day_start: time) -> date:
    """The date an instant counts for: local wall-clock time minus ``day_start``."""
    local = require_aware(instant).astimezone(zone(tz_name))
    offset = timedelta(hours=day_start.hour, minutes=day_start.minute)
    return (local.replace(tzinfo=None) - offset).date()


def study_day_start(day: date, tz_name: str, day_start: time) -> datetime:
    """The first instant (UTC) whose study day is ``day`` or later: ``day_start`` on ``day``
    in local time, or, when a DST gap skips that wall-clock time, the end of the gap."""
    tz = zone(tz_name)
    wall = datetime.combine(day, day_start)
    earliest = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if earliest.astimezone(tz).replace(tzinfo=None) == wall:
        return earliest  # the wall time exists (the earlier one, if it happens twice)
    # In a gap: the instant before it (fold=1 reads the wall time with the later offset) is
    # still the previous day; find the transition, to the second.
    low, high = wall.replace(tzinfo=tz, fold=1).astimezone(UTC), earliest
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if study_day(middle, tz_name, day_start) >= day:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


MAX_DURATION = timedelta(days=366)
_DURATION = re.compile(r"^(\d+)([dhms])$")


def parse_duration(value: str) -> timedelta:
    """Parse ``1d``, ``3h``, ``30m`` or ``20s`` (the console's ``:advance``)."""
    match = _DURATION.match(value.strip())
    if not match:
        raise BadInput(f"`{value}` is not a duration: use e.g. 1d, 3h, 30m or 20s.")
    amount, unit = int(match.group(1)), match.group(2)
    duration = timedelta(seconds=amount * {"d": 86400, "h": 3600, "m": 60, "s": 1}[unit])
    if duration > MAX_DURATION:
        raise BadInput(f"Move the clock at most {MAX_DURATION.days} days at a time.")
    return duration


def effective_timezone(personal: str | None, platform: str | None, community: str) -> str:
    """A personal timezone wins, then the platform profile's (Slack), then the community's."""
    return personal or platform or community


def human_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def human_time(instant: datetime, tz_name: str) -> str:
    """An instant as a reply shows it: local time with the zone's name, never ISO 8601
    (``Mon 5 Jan 2026 09:00 Europe/Berlin``)."""
    local = require_aware(instant).astimezone(zone(tz_name))
    return f"{human_date(local.date())} {local:%H:%M} {tz_name}"
