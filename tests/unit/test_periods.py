"""Leaderboard periods (SPEC §5): Monday-first weeks and calendar months of study days."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.periods import PERIODS, period_key, period_keys, period_label, week_start

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(days)
def test_the_week_key_is_the_monday_on_or_before_the_day(day: date) -> None:
    key = period_key("week", day)
    assert key.startswith("w")
    monday = date.fromisoformat(key[1:])
    assert monday == week_start(day)
    assert monday.weekday() == 0
    assert monday <= day and (day - monday).days <= 6


@given(days)
def test_the_month_key_is_the_days_month(day: date) -> None:
    key = period_key("month", day)
    assert key == f"m{day.year:04d}-{day.month:02d}"
    assert period_key("all", day) == "all"


@given(days)
def test_period_keys_are_three_distinct_keys_in_period_order(day: date) -> None:
    keys = period_keys(day)
    assert len(keys) == 3 and len(set(keys)) == 3
    assert keys == tuple(period_key(p, day) for p in PERIODS)
    assert keys == (period_key("week", day), period_key("month", day), "all")


@given(days)
def test_the_next_day_shares_the_week_unless_it_is_a_monday(day: date) -> None:
    after = day + timedelta(days=1)
    same_week = period_key("week", after) == period_key("week", day)
    assert same_week == (after.weekday() != 0)
    same_month = period_key("month", after) == period_key("month", day)
    assert same_month == (after.day != 1)


@given(days)
def test_labels_name_the_week_and_the_month(day: date) -> None:
    monday = week_start(day)
    assert period_label("week", day) == f"the week of {monday.day} {monday:%b} {monday.year}"
    assert period_label("month", day) == f"{day:%B} {day.year}"
    assert period_label("all", day) == "all time"


def test_known_dates() -> None:
    sunday, monday = date(2026, 1, 11), date(2026, 1, 12)
    assert period_keys(sunday) == ("w2026-01-05", "m2026-01", "all")
    assert period_keys(monday) == ("w2026-01-12", "m2026-01", "all")
    # a week across a month and a year boundary keeps its Monday
    assert period_keys(date(2026, 1, 1)) == ("w2025-12-29", "m2026-01", "all")
    assert period_label("week", date(2026, 1, 1)) == "the week of 29 Dec 2025"
    assert period_label("week", date(2026, 1, 7)) == "the week of 5 Jan 2026"
