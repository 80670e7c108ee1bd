"""Check-ins, streaks and freezes — the exact rules of SPEC §2.

Everything here is a pure function of the credited study days, so the stored
counters can always be recomputed from the append-only history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

FREEZE_EVERY = 7
MAX_FREEZES = 2


@dataclass(frozen=True, slots=True)
class Streak:
    """Stored streak counters of one member."""

    current: int = 0
    longest: int = 0
    freezes: int = 0
    last_day: date | None = None


class Outcome(StrEnum):
    FIRST = "first"
    CONTINUED = "continued"
    FROZEN = "frozen"  # missed days covered by freezes
    RESET = "reset"  # missed more days than freezes held
    ALREADY = "already"  # this study day (or a later one) is already credited


@dataclass(frozen=True, slots=True)
class CheckinResult:
    before: Streak
    after: Streak
    outcome: Outcome
    frozen_days: tuple[date, ...] = ()
    earned_freeze: bool = False

    @property
    def credited(self) -> bool:
        return self.outcome is not Outcome.ALREADY


def apply_checkin(streak: Streak, day: date) -> CheckinResult:
    """Credit study day ``day`` to ``streak``."""
    last = streak.last_day
    if last is not None and day <= last:
        return CheckinResult(streak, streak, Outcome.ALREADY)
    freezes = streak.freezes
    frozen: tuple[date, ...] = ()
    if last is None:
        current, outcome = 1, Outcome.FIRST
    else:
        gap = (day - last).days - 1
        if gap == 0:
            current, outcome = streak.current + 1, Outcome.CONTINUED
        elif gap <= freezes:
            frozen = tuple(last + timedelta(days=i) for i in range(1, gap + 1))
            freezes -= gap
            current, outcome = streak.current + 1, Outcome.FROZEN
        else:
            current, outcome = 1, Outcome.RESET
    earned = current % FREEZE_EVERY == 0 and freezes < MAX_FREEZES
    if earned:
        freezes += 1
    after = Streak(current, max(streak.longest, current), freezes, day)
    return CheckinResult(streak, after, outcome, frozen, earned)


def alive_since(today: date) -> dict[int, date]:
    """Per number of freezes held, the earliest last study day of a streak still alive today
    (the rule of ``shown_streak``, as bounds a query can use)."""
    return {freezes: today - timedelta(days=1 + freezes) for freezes in range(MAX_FREEZES + 1)}


def checked_in(streak: Streak, today: date) -> bool:
    """Whether today's study day is already credited."""
    return streak.last_day is not None and streak.last_day >= today


def shown_streak(streak: Streak, today: date) -> int:
    """The streak as displayed at read time: a broken streak is 0, never alive."""
    if streak.last_day is None:
        return 0
    return streak.current if (today - streak.last_day).days <= 1 + streak.freezes else 0


@dataclass(frozen=True, slots=True)
class Replay:
    streak: Streak
    frozen_days: tuple[date, ...]


def replay(credited_days: Iterable[date], start: Streak | None = None) -> Replay:
    """Recompute counters and freeze days from credited study days in order."""
    streak = start or Streak()
    frozen: list[date] = []
    for day in sorted(credited_days):
        result = apply_checkin(streak, day)
        streak = result.after
        frozen.extend(result.frozen_days)
    return Replay(streak, tuple(frozen))
