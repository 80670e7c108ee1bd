"""Holds (vacation mode) and streak repair (SPEC §2): worked examples, and a property test that
runs random days of check-ins, pauses, resumes and repairs through the domain rules (as the
services do) against an independent calendar-walking reference model."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from bot.domain.errors import BadInput
from bot.domain.holds import Hold, active_hold, end_hold, held_days, plan_hold, quarter
from bot.domain.streaks import (
    Outcome,
    Streak,
    apply_checkin,
    checked_in,
    repair_days,
    replay,
    shown_streak,
)
from tests.unit.reference_streaks import reference_alive, reference_calendar

D0 = date(2026, 3, 2)  # a Monday; quarters change on 1 April within the generated range


def day(offset: int) -> date:
    return D0 + timedelta(days=offset)


def streak_of(*offsets: int) -> Streak:
    return replay([day(o) for o in offsets]).streak


# --- holds -------------------------------------------------------------------------------


def test_held_days_are_neither_missed_nor_credited_and_spend_no_freeze() -> None:
    streak = streak_of(*range(7))  # 7 days, one freeze
    hold = plan_hold(streak, day(7), 5, [])  # not checked in today: starts today
    assert hold == Hold(day(7), day(11))
    held = held_days([hold])
    streak = replace(streak, held=len(hold))
    assert shown_streak(streak, day(12)) == 7  # the day after the hold: alive, nothing missed
    result = apply_checkin(streak, day(12), held)
    assert result.outcome is Outcome.CONTINUED and result.frozen_days == ()
    assert (result.after.current, result.after.freezes) == (8, 1)


def test_a_hold_starts_tomorrow_when_today_is_checked_in() -> None:
    assert plan_hold(streak_of(0, 1), day(1), 3, []) == Hold(day(2), day(4))


def test_missed_days_after_a_hold_count_as_usual() -> None:
    streak = replace(streak_of(0, 1), held=2)  # held days 2 and 3, no freezes
    held = held_days([Hold(day(2), day(3))])
    assert shown_streak(streak, day(4)) == 2  # the first day after the hold
    assert shown_streak(streak, day(5)) == 0  # day 4 missed, no freeze: broken
    assert apply_checkin(streak, day(5), held).outcome is Outcome.RESET


def test_a_freeze_covers_a_day_missed_before_the_hold() -> None:
    streak = streak_of(*range(7))  # one freeze, last day 6
    hold = plan_hold(streak, day(8), 3, [])  # day 7 missed, hold days 8-10
    streak = replace(streak, held=len(hold))
    result = apply_checkin(streak, day(11), held_days([hold]))
    assert result.outcome is Outcome.FROZEN and result.frozen_days == (day(7),)


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, r"^days must be between 1 and 14\.$"), (15, r"^days must be between 1 and 14\.$")],
)
def test_a_hold_is_one_to_fourteen_days(days: int, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        plan_hold(streak_of(0), day(1), days, [])


def test_one_hold_at_a_time() -> None:
    with pytest.raises(BadInput, match="already on hold until"):
        plan_hold(streak_of(0), day(1), 2, [Hold(day(1), day(3))])


def test_a_broken_streak_cannot_be_held() -> None:
    with pytest.raises(BadInput, match="no live streak"):
        plan_hold(streak_of(0), day(3), 2, [])


def test_at_most_28_days_on_hold_per_quarter() -> None:
    earlier = [Hold(day(-20), day(-7)), Hold(day(-6), day(0))]  # 21 days, all in Q1 2026
    assert all(quarter(d) == (2026, 1) for d in held_days(earlier))
    with pytest.raises(BadInput, match="7 left in Q1 2026"):
        plan_hold(streak_of(1), day(2), 8, earlier)
    assert len(plan_hold(streak_of(1), day(2), 7, earlier)) == 7
    # a hold running into April counts its April days against Q2
    april = plan_hold(streak_of(28), day(29), 14, earlier)  # 31 March to 13 April
    assert april == Hold(day(29), day(42))


def test_ending_a_hold_keeps_only_the_days_before() -> None:
    hold = Hold(day(3), day(9))
    assert end_hold(hold, day(5)) == Hold(day(3), day(4))
    assert end_hold(hold, day(3)) is None
    assert end_hold(hold, day(10)) == hold


# --- repair ------------------------------------------------------------------------------


def test_repair_credits_the_day_that_broke_the_streak() -> None:
    streak = streak_of(0, 1, 2)  # no freezes; day 3 missed
    assert shown_streak(streak, day(4)) == 0
    assert repair_days(streak, day(1), day(4)) == (day(3),)
    assert repair_days(streak, day(1), day(5)) == (day(3), day(4))  # 48 hours later


def test_repair_is_too_late_after_48_hours() -> None:
    with pytest.raises(BadInput, match="more than 48 hours ago"):
        repair_days(streak_of(0, 1, 2), day(1), day(6))


def test_repair_after_yesterdays_check_in_restarted_the_streak() -> None:
    streak = streak_of(0, 1, 2, 3, 4, 5, 7)  # day 6 missed, day 7 restarted at 1
    assert repair_days(streak, day(5), day(8)) == (day(6),)
    assert repair_days(streak, day(5), day(9)) == (day(8),)  # broken again: the newer break


def test_a_hold_never_covers_a_credited_day_after_a_move_west() -> None:
    # credited 6-8 from a timezone ahead; back home it is still day 7
    assert plan_hold(streak_of(6, 7, 8), day(7), 3, []) == Hold(day(9), day(11))


def test_repair_after_todays_check_in_restarted_the_streak() -> None:
    streak = streak_of(0, 1, 2, 5)  # days 3 and 4 missed, today (5) restarted at 1
    assert streak.current == 1
    assert repair_days(streak, day(2), day(5)) == (day(3), day(4))
    assert replay(day(o) for o in (0, 1, 2, 3, 4, 5)).streak.current == 6


def test_repair_leaves_to_the_freezes_what_they_cover() -> None:
    streak = streak_of(*range(7))  # one freeze, last day 6; days 7 and 8 missed
    assert repair_days(streak, day(5), day(9)) == (day(8),)
    repaired = replay([*(day(o) for o in range(7)), day(8)])
    assert repaired.frozen_days == (day(7),) and repaired.streak.current == 8


@pytest.mark.parametrize("today", [1, 2])
def test_nothing_to_repair_on_a_live_streak(today: int) -> None:
    with pytest.raises(BadInput, match="not broken"):
        repair_days(streak_of(0, 1), day(0), day(today))


# --- the property ----------------------------------------------------------------------


@dataclass
class Simulated:
    """What the services store, driven through the domain rules as they drive them."""

    streak: Streak = field(default_factory=Streak)
    holds: list[Hold] = field(default_factory=list)
    credited: list[date] = field(default_factory=list)
    frozen: list[date] = field(default_factory=list)

    def _end_hold(self, on: date) -> frozenset[date]:
        ongoing = active_hold(self.holds, on)
        if ongoing is not None:
            kept = end_hold(ongoing, on)
            self.holds = [h for h in self.holds if h != ongoing] + ([kept] if kept else [])
        return held_days(self.holds, after=self.streak.last_day)

    def checkin(self, today: date) -> None:
        held: frozenset[date] = frozenset()
        if self.streak.held and not checked_in(self.streak, today):
            held = self._end_hold(today)
        result = apply_checkin(self.streak, today, held)
        if result.credited:
            self.credited.append(today)
            self.frozen.extend(result.frozen_days)
        self.streak = result.after

    def pause(self, today: date, days: int) -> None:
        hold = plan_hold(self.streak, today, days, self.holds)
        self.holds.append(hold)
        self.streak = replace(self.streak, held=self.streak.held + len(hold))

    def resume(self, today: date) -> None:
        if active_hold(self.holds, today) is None:
            raise BadInput("not on hold")
        last = self.streak.last_day
        end = max(today, (last or today) + timedelta(days=1))
        self.streak = replace(self.streak, held=len(self._end_hold(end)))

    def repair(self, today: date) -> None:
        before = sorted(self.credited)[-2] if len(self.credited) > 1 else None
        held = held_days(self.holds)
        days = repair_days(self.streak, before, today, held)
        self.credited.extend(days)
        recomputed = replay(self.credited, held)
        self.streak, self.frozen = recomputed.streak, list(recomputed.frozen_days)


@dataclass
class World:
    """The reference: only sets of credited and held days, and the rules said plainly."""

    credited: set[date] = field(default_factory=set)
    held: set[date] = field(default_factory=set)

    @property
    def last(self) -> date | None:
        return max(self.credited, default=None)

    def checkin(self, today: date) -> None:
        if self.last is not None and today <= self.last:
            return
        self.held = {d for d in self.held if d < today}
        self.credited.add(today)

    def pause(self, today: date, days: int) -> bool:
        state = reference_calendar(self.credited, self.held)
        if not 1 <= days <= 14 or any(d >= today for d in self.held):
            return False
        if reference_alive(state, self.held, today) == 0:
            return False
        # the first day not credited yet: today, or after the last credited day when that is
        # today or later (a timezone further east credited it)
        start = max(today, self.last + timedelta(days=1)) if self.last else today
        new = {start + timedelta(days=i) for i in range(days)}
        for q in {quarter(d) for d in new}:
            if sum(quarter(d) == q for d in self.held | new) > 28:
                return False
        self.held |= new
        return True

    def resume(self, today: date) -> bool:
        if not any(d >= today for d in self.held):
            return False
        end = max(today, (self.last or today) + timedelta(days=1))
        self.held = {d for d in self.held if d < end}
        return True

    def repair(self, today: date) -> bool:
        state = reference_calendar(self.credited, self.held)
        ordered = sorted(self.credited)
        if not ordered:
            return False

        def gap(start: date, end: date) -> list[date]:
            days = (start + timedelta(days=i) for i in range(1, (end - start).days))
            return [d for d in days if d not in self.held]

        # broken now, or else restarted (streak 1) after a break: the latest break
        missed = gap(ordered[-1], today)
        if len(missed) <= state.freezes:
            if state.current != 1 or len(ordered) < 2:
                return False
            missed = gap(ordered[-2], ordered[-1])
        fewest = next(
            (k for k in range(1, len(missed) + 1) if len(missed) - k <= state.freezes), None
        )
        if fewest is None or missed[-fewest] < today - timedelta(days=2):
            return False
        self.credited |= set(missed[-fewest:])
        return True


actions = st.lists(
    st.tuples(
        # days to wait before the action; -1 and -2: the member's timezone moved west
        st.integers(min_value=-2, max_value=3),
        st.sampled_from(["checkin", "checkin", "checkin", "pause", "resume", "repair"]),
        st.integers(min_value=0, max_value=16),  # days to pause
    ),
    max_size=50,
)


@settings(max_examples=400, deadline=None)
@given(actions, st.integers(min_value=0, max_value=20))
def test_holds_and_repairs_match_the_reference_and_a_recomputation(
    script: list[tuple[int, str, int]], start: int
) -> None:
    sim, world = Simulated(), World()
    today = day(start)
    for wait, action, days in script:
        today += timedelta(days=wait)
        if action == "checkin":
            sim.checkin(today)
            world.checkin(today)
        else:
            expected = (
                world.pause(today, days)
                if action == "pause"
                else world.resume(today)
                if action == "resume"
                else world.repair(today)
            )
            try:
                if action == "pause":
                    sim.pause(today, days)
                elif action == "resume":
                    sim.resume(today)
                else:
                    sim.repair(today)
                happened = True
            except BadInput:
                happened = False
            assert happened == expected, (action, today)
            event(f"{action} {'done' if happened else 'refused'}")
        held = held_days(sim.holds)
        assert set(sim.credited) == world.credited and held == world.held
        assert len(set(sim.credited)) == len(sim.credited)  # never credited twice
        # the stored counters equal a recomputation from the history
        recomputed = replay(sim.credited, held)
        assert recomputed.streak == sim.streak
        assert sorted(recomputed.frozen_days) == sorted(sim.frozen)
        # and the independent reference walking the calendar
        ref = reference_calendar(world.credited, world.held)
        s = sim.streak
        assert (s.current, s.longest, s.freezes, s.last_day) == (
            ref.current,
            ref.longest,
            ref.freezes,
            ref.last,
        )
        assert sorted(ref.frozen) == sorted(sim.frozen)
        assert shown_streak(s, today) == reference_alive(ref, world.held, today)
