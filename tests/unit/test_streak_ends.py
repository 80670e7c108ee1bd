"""``streak_ends_at`` is the instant ``shown_streak`` turns 0 in the member's own timezone, so
the live-streak board can judge liveness in SQL (issue 12): checked across zones, day starts
and DST transitions against the read-time rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.domain.streaks import Streak, shown_streak, streak_ends_at
from bot.domain.timeutil import study_day, study_day_start

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Pacific/Chatham",
    "America/Santiago",
]


def test_a_streak_ends_at_the_start_of_the_day_after_the_last_chance() -> None:
    streak = Streak(3, 3, 1, date(2026, 1, 10))  # one freeze: 11 Jan may be missed
    ends = streak_ends_at(streak, "Europe/Berlin", time(4, 0))
    assert ends == datetime(2026, 1, 13, 3, 0, tzinfo=UTC)  # 13 Jan 04:00 in Berlin


def test_days_on_hold_move_the_end() -> None:
    held = Streak(3, 3, 0, date(2026, 1, 10), held=5)
    assert streak_ends_at(held, "UTC", time(0, 0)) == datetime(2026, 1, 17, tzinfo=UTC)


def test_no_streak_has_no_end() -> None:
    assert streak_ends_at(Streak(), "UTC", time(0, 0)) is None


def test_a_day_start_skipped_by_dst_starts_when_the_gap_ends() -> None:
    # Berlin springs forward at 02:00 on 29 March 2026: 02:30 does not exist that night
    start = study_day_start(date(2026, 3, 29), "Europe/Berlin", time(2, 30))
    assert start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST
    assert study_day(start - timedelta(seconds=1), "Europe/Berlin", time(2, 30)) < date(2026, 3, 29)


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.integers(min_value=0, max_value=23),
    st.sampled_from([0, 15, 30, 45]),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=3),
    st.one_of(
        st.integers(min_value=-7200, max_value=7200),
        st.integers(min_value=-4 * 86400, max_value=4 * 86400),
    ),
)
def test_alive_before_the_end_and_never_after(
    tz: str, hour: int, minute: int, last: date, freezes: int, held: int, offset: int
) -> None:
    day_start = time(hour, minute)
    streak = Streak(5, 5, freezes, last, held)
    ends = streak_ends_at(streak, tz, day_start)
    assert ends is not None
    now = ends + timedelta(seconds=offset)
    # When clocks fall back, the repeated hour can take the study day back by one for an hour
    # (local time goes backwards); the end is the first time the day was reached.
    assume(now.astimezone(ZoneInfo(tz)).fold == 0)
    alive = shown_streak(streak, study_day(now, tz, day_start)) > 0
    assert alive == (now < ends)
