"""When the daily post is due (SPEC §3): one instant per study day, across DST gaps and folds.

The zones cover a one-hour DST change on each side of the Atlantic, Lord Howe's 30-minute
change and Kathmandu's +5:45 without DST; the post times land in the 2026 gaps and folds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedule import PostClock, due_between, latest_due, next_due, post_instant
from bot.domain.timeutil import study_day, zone

YEAR = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
TICK = timedelta(microseconds=1)

# Every 2026 spring-forward gap: local date, first missing wall time, first valid one after.
GAPS: dict[str, tuple[date, time, time]] = {
    "America/New_York": (date(2026, 3, 8), time(2, 0), time(3, 0)),
    "Europe/London": (date(2026, 3, 29), time(1, 0), time(2, 0)),
    "Australia/Lord_Howe": (date(2026, 10, 4), time(2, 0), time(2, 30)),
}
# Every 2026 fall-back fold: local date and the wall times that happen twice.
FOLDS: dict[str, tuple[date, time, time]] = {
    "America/New_York": (date(2026, 11, 1), time(1, 0), time(2, 0)),
    "Europe/London": (date(2026, 10, 25), time(1, 0), time(2, 0)),
    "Australia/Lord_Howe": (date(2026, 4, 5), time(1, 30), time(2, 0)),
}

POST_TIMES: dict[str, list[time]] = {
    "America/New_York": [time(2, 30), time(1, 30), time(9, 0)],
    "Europe/London": [time(1, 30), time(9, 0)],
    "Australia/Lord_Howe": [time(2, 15), time(1, 45), time(9, 0)],
    "Asia/Kathmandu": [time(0, 15), time(9, 0)],
}
DAY_STARTS = [time(0, 0), time(4, 0), time(23, 30)]

CASES = [
    pytest.param(PostClock(tz, at, start), id=f"{tz}-{at:%H%M}-start{start:%H%M}")
    for tz, times in POST_TIMES.items()
    for at in times
    for start in DAY_STARTS
]


def calendar_date(clock: PostClock, day: date) -> date:
    """The local date a study day's post falls on: the next one if post_time < day_start."""
    return day if clock.post_time >= clock.day_start else day + timedelta(days=1)


def expected_wall_time(clock: PostClock, on: date) -> time:
    gap = GAPS.get(clock.timezone)
    if gap is not None and on == gap[0] and gap[1] <= clock.post_time < gap[2]:
        return gap[2]
    return clock.post_time


def in_fold(clock: PostClock, on: date) -> bool:
    fold = FOLDS.get(clock.timezone)
    return fold is not None and on == fold[0] and fold[1] <= clock.post_time < fold[2]


@pytest.mark.parametrize("clock", CASES)
def test_every_study_day_of_2026_has_one_post_at_post_time(clock: PostClock) -> None:
    tz = zone(clock.timezone)
    instants = [post_instant(clock, day) for day in YEAR]
    assert all(a < b for a, b in pairwise(instants)), "post instants must strictly increase"
    for day, instant in zip(YEAR, instants, strict=True):
        assert instant.utcoffset() == timedelta(0)
        assert study_day(instant, clock.timezone, clock.day_start) == day
        local = instant.astimezone(tz)
        on = calendar_date(clock, day)
        assert local.date() == on
        assert local.time() == expected_wall_time(clock, on), (day, local)
        if in_fold(clock, on):  # the first of the two occurrences, never the second
            assert local.fold == 0
            second = local.replace(fold=1).astimezone(UTC)
            assert second > instant
            assert second.astimezone(tz).time() == local.time()


@pytest.mark.parametrize("clock", CASES)
def test_due_between_over_the_year_yields_each_study_day_once_in_order(
    clock: PostClock,
) -> None:
    before = post_instant(clock, YEAR[0]) - TICK
    end = post_instant(clock, YEAR[-1])
    due = list(due_between(clock, before, end))
    assert due == [(day, post_instant(clock, day)) for day in YEAR]
    # cut into pieces at arbitrary instants, the pieces add up to the same list
    cuts = [before, *(datetime(2026, m, 1, 3, 7, tzinfo=UTC) for m in range(2, 13)), end]
    pieces = [item for a, b in pairwise(cuts) for item in due_between(clock, a, b)]
    assert pieces == due


@pytest.mark.parametrize("clock", CASES)
def test_latest_and_next_due_agree_with_the_schedule(clock: PostClock) -> None:
    days = [YEAR[0] - timedelta(days=1), *YEAR, YEAR[-1] + timedelta(days=1)]
    instants = [post_instant(clock, day) for day in days]
    for i in range(1, len(days) - 1):
        day, instant = days[i], instants[i]
        assert latest_due(clock, instant) == (day, instant)
        assert latest_due(clock, instant - TICK) == (days[i - 1], instants[i - 1])
        assert next_due(clock, instant - TICK) == (day, instant)
        assert next_due(clock, instant) == (days[i + 1], instants[i + 1])
        midway = instant + (instants[i + 1] - instant) / 2
        assert latest_due(clock, midway) == (day, instant)
        assert next_due(clock, midway) == (days[i + 1], instants[i + 1])


# The exact instants on the 2026 transition days (study day, UTC instant of its post).
TRANSITIONS = [
    # New York springs forward 02:00 EST → 03:00 EDT on 8 Mar: 02:30 becomes 03:00 EDT
    ("America/New_York", "02:30", "00:00", date(2026, 3, 8), datetime(2026, 3, 8, 7, 0)),
    ("America/New_York", "02:30", "04:00", date(2026, 3, 7), datetime(2026, 3, 8, 7, 0)),
    ("America/New_York", "02:30", "23:30", date(2026, 3, 7), datetime(2026, 3, 8, 7, 0)),
    ("America/New_York", "02:30", "00:00", date(2026, 3, 9), datetime(2026, 3, 9, 6, 30)),
    # New York falls back 02:00 EDT → 01:00 EST on 1 Nov: 01:30 is taken at 01:30 EDT
    ("America/New_York", "01:30", "00:00", date(2026, 11, 1), datetime(2026, 11, 1, 5, 30)),
    ("America/New_York", "01:30", "04:00", date(2026, 10, 31), datetime(2026, 11, 1, 5, 30)),
    ("America/New_York", "01:30", "00:00", date(2026, 11, 2), datetime(2026, 11, 2, 6, 30)),
    # 02:30 on the fall-back day exists once, in EST
    ("America/New_York", "02:30", "00:00", date(2026, 11, 1), datetime(2026, 11, 1, 7, 30)),
    # London springs forward 01:00 GMT → 02:00 BST on 29 Mar; falls back on 25 Oct
    ("Europe/London", "01:30", "00:00", date(2026, 3, 29), datetime(2026, 3, 29, 1, 0)),
    ("Europe/London", "01:30", "23:30", date(2026, 3, 28), datetime(2026, 3, 29, 1, 0)),
    ("Europe/London", "01:30", "00:00", date(2026, 10, 25), datetime(2026, 10, 25, 0, 30)),
    ("Europe/London", "01:30", "04:00", date(2026, 10, 24), datetime(2026, 10, 25, 0, 30)),
    ("Europe/London", "09:00", "00:00", date(2026, 3, 29), datetime(2026, 3, 29, 8, 0)),
    ("Europe/London", "09:00", "00:00", date(2026, 10, 25), datetime(2026, 10, 25, 9, 0)),
    # Lord Howe: 02:00 LHST (+10:30) → 02:30 LHDT (+11) on 4 Oct; 02:00 → 01:30 on 5 Apr
    ("Australia/Lord_Howe", "02:15", "00:00", date(2026, 10, 4), datetime(2026, 10, 3, 15, 30)),
    ("Australia/Lord_Howe", "02:15", "04:00", date(2026, 10, 3), datetime(2026, 10, 3, 15, 30)),
    ("Australia/Lord_Howe", "02:15", "00:00", date(2026, 10, 5), datetime(2026, 10, 4, 15, 15)),
    ("Australia/Lord_Howe", "01:45", "00:00", date(2026, 4, 5), datetime(2026, 4, 4, 14, 45)),
    ("Australia/Lord_Howe", "01:45", "00:00", date(2026, 4, 6), datetime(2026, 4, 5, 15, 15)),
    ("Australia/Lord_Howe", "09:00", "00:00", date(2026, 10, 4), datetime(2026, 10, 3, 22, 0)),
    # Kathmandu is +5:45 all year; day_start 23:30 puts 00:15 on the next calendar date
    ("Asia/Kathmandu", "09:00", "00:00", date(2026, 3, 8), datetime(2026, 3, 8, 3, 15)),
    ("Asia/Kathmandu", "00:15", "23:30", date(2026, 3, 8), datetime(2026, 3, 8, 18, 30)),
    ("Asia/Kathmandu", "00:15", "00:00", date(2026, 3, 8), datetime(2026, 3, 7, 18, 30)),
]


@pytest.mark.parametrize(("tz", "at", "start", "day", "expected"), TRANSITIONS)
def test_exact_instants_on_the_2026_transition_days(
    tz: str, at: str, start: str, day: date, expected: datetime
) -> None:
    clock = PostClock(tz, time.fromisoformat(at), time.fromisoformat(start))
    instant = post_instant(clock, day)
    assert instant == expected.replace(tzinfo=UTC)
    assert latest_due(clock, instant) == (day, instant)
    assert next_due(clock, instant - TICK) == (day, instant)
    assert list(due_between(clock, instant - timedelta(hours=23), instant)) == [(day, instant)]


def test_the_fall_back_hour_never_posts_twice() -> None:
    clock = PostClock("America/New_York", time(1, 30), time(0, 0))
    # the whole 25-hour day of 1 Nov, from local midnight to the next local midnight
    start, end = datetime(2026, 11, 1, 4, 0, tzinfo=UTC), datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
    assert list(due_between(clock, start, end - TICK)) == [
        (date(2026, 11, 1), datetime(2026, 11, 1, 5, 30, tzinfo=UTC))
    ]
    # at the second 01:30 (EST) the post of the day is already behind, the next one ahead
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert latest_due(clock, second) == (
        date(2026, 11, 1),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    )
    assert next_due(clock, second) == (date(2026, 11, 2), datetime(2026, 11, 2, 6, 30, tzinfo=UTC))


ZONES = [*POST_TIMES, "UTC", "America/St_Johns", "Pacific/Chatham", "America/Santiago"]


@settings(max_examples=300, deadline=None)
@given(
    tz=st.sampled_from(ZONES),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    start=st.sampled_from(DAY_STARTS),
    now=st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 2, 1)),
)
def test_any_instant_lies_between_the_latest_and_the_next_post(
    tz: str, at: time, start: time, now: datetime
) -> None:
    clock = PostClock(tz, at, start)
    now = now.replace(tzinfo=UTC)
    last_day, last = latest_due(clock, now)
    next_day, upcoming = next_due(clock, now)
    assert last <= now < upcoming
    assert next_day == last_day + timedelta(days=1)
    assert post_instant(clock, last_day) == last and post_instant(clock, next_day) == upcoming
    assert list(due_between(clock, now, upcoming)) == [(next_day, upcoming)]
    assert list(due_between(clock, last - TICK, now)) == [(last_day, last)]
    # a study day's post is due in that study day, whatever the zone and offsets
    assert study_day(last, tz, start) == last_day
    assert study_day(upcoming, tz, start) == next_day
