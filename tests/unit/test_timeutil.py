"""Study days: local wall-clock time minus day_start, in DST zones and odd offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import BadInput
from bot.domain.timeutil import canonical_timezone, parse_duration, parse_hhmm, study_day, zone


def test_checkin_before_day_start_counts_for_the_previous_date() -> None:
    # 02:30 in Berlin on 6 Jan with day_start 04:00 counts for 5 Jan
    instant = datetime(2026, 1, 6, 1, 30, tzinfo=UTC)
    assert study_day(instant, "Europe/Berlin", time(4, 0)) == date(2026, 1, 5)
    assert study_day(instant, "Europe/Berlin", time(0, 0)) == date(2026, 1, 6)


def test_the_same_instant_is_a_different_date_across_the_date_line() -> None:
    instant = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    assert study_day(instant, "Pacific/Kiritimati", time(0)) == date(2026, 3, 2)  # +14
    assert study_day(instant, "Pacific/Pago_Pago", time(0)) == date(2026, 3, 1)  # -11
    assert study_day(instant, "Asia/Kathmandu", time(0)) == date(2026, 3, 1)  # +5:45 → 16:45


def test_dst_days_are_one_study_day_each() -> None:
    # New York fall-back 2026-11-01: 25 hours, still one date
    tz = "America/New_York"
    start = datetime(2026, 11, 1, 4, 0, tzinfo=UTC)  # 00:00 EDT
    hours = [study_day(start + timedelta(hours=h), tz, time(0)) for h in range(25)]
    assert set(hours) == {date(2026, 11, 1)}
    assert study_day(start + timedelta(hours=25), tz, time(0)) == date(2026, 11, 2)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
    st.sampled_from(
        [
            "UTC",
            "America/New_York",
            "Europe/London",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "America/St_Johns",
        ]
    ),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
)
def test_study_day_is_monotonic_and_never_skips(
    naive: datetime, tz: str, hour: int, minute: int
) -> None:
    instant = naive.replace(tzinfo=UTC)
    start = time(hour, minute)
    day = study_day(instant, tz, start)
    later = study_day(instant + timedelta(hours=1), tz, start)
    assert 0 <= (later - day).days <= 1
    local = instant.astimezone(zone(tz)).replace(tzinfo=None)
    assert day == (local - timedelta(hours=hour, minutes=minute)).date()


@pytest.mark.parametrize("bad", ["25:00", "9am", "9:00", "12:60", "", "noon"])
def test_bad_times_are_refused(bad: str) -> None:
    with pytest.raises(BadInput):
        parse_hhmm(bad)


def test_timezone_names_are_canonicalised_and_bad_ones_refused() -> None:
    assert canonical_timezone("europe/berlin") == "Europe/Berlin"
    for bad in ("Mars/Base", "CEST", "localtime", "../etc/passwd", ""):
        with pytest.raises(BadInput):
            canonical_timezone(bad)


def test_durations() -> None:
    assert parse_duration("3h") == timedelta(hours=3)
    with pytest.raises(BadInput):
        parse_duration("3 hours")


def test_the_console_clock_moves_at_most_a_year_at_a_time() -> None:
    with pytest.raises(BadInput, match="at most 366 days"):
        parse_duration("99999999d")
