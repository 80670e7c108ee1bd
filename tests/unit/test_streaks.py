"""Streak rules (SPEC §2): worked examples and a property test against a reference model."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.streaks import MAX_FREEZES, Outcome, Streak, apply_checkin, replay, shown_streak
from tests.unit.reference_streaks import reference, reference_shown

D0 = date(2026, 1, 5)


def days(*offsets: int) -> list[date]:
    return [D0 + timedelta(days=o) for o in offsets]


def test_first_checkin_starts_a_streak_of_one() -> None:
    result = apply_checkin(Streak(), D0)
    assert result.outcome is Outcome.FIRST
    assert result.after == Streak(1, 1, 0, D0)


def test_same_day_twice_is_already_and_changes_nothing() -> None:
    first = apply_checkin(Streak(), D0).after
    again = apply_checkin(first, D0)
    assert again.outcome is Outcome.ALREADY and again.after == first


def test_an_earlier_date_never_goes_backwards() -> None:
    state = replay(days(0, 1, 2)).streak
    result = apply_checkin(state, D0)
    assert result.outcome is Outcome.ALREADY and result.after == state


def test_seven_days_earn_a_freeze_and_the_freeze_covers_one_missed_day() -> None:
    state = replay(days(*range(7))).streak
    assert (state.current, state.freezes) == (7, 1)
    result = apply_checkin(state, D0 + timedelta(days=8))  # day 7 missed
    assert result.outcome is Outcome.FROZEN
    assert result.frozen_days == (D0 + timedelta(days=7),)
    assert (result.after.current, result.after.freezes) == (8, 0)


def test_gap_larger_than_freezes_resets_to_one_and_keeps_freezes() -> None:
    state = replay(days(*range(7))).streak  # one freeze
    result = apply_checkin(state, D0 + timedelta(days=9))  # two missed days
    assert result.outcome is Outcome.RESET
    assert (result.after.current, result.after.freezes, result.after.longest) == (1, 1, 7)


def test_freezes_are_capped_at_two() -> None:
    state = replay(days(*range(28))).streak
    assert state.freezes == MAX_FREEZES


def test_read_time_streak_is_zero_once_broken() -> None:
    state = replay(days(0, 1, 2)).streak  # no freezes, last day D0+2
    assert shown_streak(state, D0 + timedelta(days=2)) == 3
    assert shown_streak(state, D0 + timedelta(days=3)) == 3  # can still check in today
    assert shown_streak(state, D0 + timedelta(days=4)) == 0  # a day was missed: broken


def test_read_time_streak_stays_alive_while_freezes_cover_the_gap() -> None:
    state = replay(days(*range(14))).streak  # two freezes
    last = D0 + timedelta(days=13)
    assert shown_streak(state, last + timedelta(days=3)) == 14
    assert shown_streak(state, last + timedelta(days=4)) == 0


study_offsets = st.lists(st.integers(min_value=0, max_value=60), max_size=60)


@settings(max_examples=400, deadline=None)
@given(study_offsets, st.integers(min_value=0, max_value=70))
def test_rules_match_the_reference_model(offsets: list[int], today_offset: int) -> None:
    sequence = [D0 + timedelta(days=o) for o in offsets]
    expected = reference(sequence)
    state = Streak()
    credited: list[date] = []
    frozen: list[date] = []
    for day in sequence:
        result = apply_checkin(state, day)
        if result.credited:
            credited.append(day)
            frozen.extend(result.frozen_days)
        state = result.after
    assert (state.current, state.longest, state.freezes, state.last_day) == (
        expected.current,
        expected.longest,
        expected.freezes,
        expected.last,
    )
    assert credited == expected.credited and frozen == expected.frozen
    assert len(set(credited)) == len(credited)  # never credited twice
    # the stored counters equal a recomputation from the credited history
    assert replay(credited).streak == state
    assert list(replay(credited).frozen_days) == frozen
    today = D0 + timedelta(days=today_offset)
    if state.last_day is None or today >= state.last_day:
        assert shown_streak(state, today) == reference_shown(expected, today)
