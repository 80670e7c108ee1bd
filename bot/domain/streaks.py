"""Check-ins, streaks, freezes, holds and repairs — the exact rules of SPEC §2.

Everything here is a pure function of the credited study days and the days on hold, so the
stored counters can always be recomputed from the append-only history.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.errors import BadInput
from bot.domain.timeutil import human_date, study_day_start

FREEZE_EVERY = 7
MAX_FREEZES = 2
REPAIR_WITHIN_DAYS = 2  # the day the streak broke is yesterday or the day before (48 hours)

# History row kinds: days studied, and the days credited to the streak (a repaired day keeps
# the streak whole, but nobody studied on it).
STUDIED_KINDS = frozenset({"checkin", "restore"})
CREDITED_KINDS = STUDIED_KINDS | {"repair"}


@dataclass(frozen=True, slots=True)
class Streak:
    """Stored streak counters of one member. ``held``: the days on hold after ``last_day``
    (an ongoing hold's later days included); they are neither missed nor credited."""

    current: int = 0
    longest: int = 0
    freezes: int = 0
    last_day: date | None = None
    held: int = 0

    @classmethod
    def stored(
        cls, current: int, longest: int, freezes: int, last: date | None, anchor: date | None
    ) -> Streak:
        """A streak from its stored columns: the anchor stands for the days on hold."""
        # (never negative: a process from before holds may have moved the last day alone)
        held = max(0, (anchor - last).days) if last is not None and anchor is not None else 0
        return cls(current, longest, freezes, last, held)

    @property
    def anchor(self) -> date | None:
        """``last_day`` moved on by the days on hold: missed days are counted from here."""
        return None if self.last_day is None else self.last_day + timedelta(days=self.held)


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


def missed_days(last: date, day: date, held: Collection[date] = ()) -> list[date]:
    """The days strictly between ``last`` and ``day`` that are not on hold."""
    between = (last + timedelta(days=i) for i in range(1, (day - last).days))
    return [d for d in between if d not in held]


def apply_checkin(streak: Streak, day: date, held: Collection[date] = ()) -> CheckinResult:
    """Credit study day ``day`` to ``streak``; days in ``held`` are on hold (a hold that
    covered ``day`` has ended the day before: the caller ends it first)."""
    last = streak.last_day
    if last is not None and day <= last:
        return CheckinResult(streak, streak, Outcome.ALREADY)
    freezes = streak.freezes
    frozen: tuple[date, ...] = ()
    if last is None:
        current, outcome = 1, Outcome.FIRST
    else:
        missed = missed_days(last, day, held)
        if not missed:
            current, outcome = streak.current + 1, Outcome.CONTINUED
        elif len(missed) <= freezes:
            frozen = tuple(missed)
            freezes -= len(missed)
            current, outcome = streak.current + 1, Outcome.FROZEN
        else:
            current, outcome = 1, Outcome.RESET
    earned = current % FREEZE_EVERY == 0 and freezes < MAX_FREEZES
    if earned:
        freezes += 1
    after = Streak(current, max(streak.longest, current), freezes, day)
    return CheckinResult(streak, after, outcome, frozen, earned)


def streak_ends_at(streak: Streak, tz_name: str, day_start: time) -> datetime | None:
    """The instant ``shown_streak`` turns 0 for a member in ``tz_name``: the start of the study
    day ``anchor + 2 + freezes`` (None: no streak). A query compares it with the time now."""
    if streak.anchor is None or streak.current == 0:
        return None
    ends = streak.anchor + timedelta(days=2 + streak.freezes)
    return study_day_start(ends, tz_name, day_start)


def checked_in(streak: Streak, today: date) -> bool:
    """Whether today's study day is already credited."""
    return streak.last_day is not None and streak.last_day >= today


def shown_streak(streak: Streak, today: date) -> int:
    """The streak as displayed at read time: a broken streak is 0, never alive. Days on hold
    do not count against it (during a hold, the stored streak is shown)."""
    if streak.anchor is None:
        return 0
    return streak.current if (today - streak.anchor).days <= 1 + streak.freezes else 0


def repair_days(
    streak: Streak, before: date | None, today: date, held: Collection[date] = ()
) -> tuple[date, ...]:
    """The days a streak repair credits: the missed days no freeze could cover, when the
    first of them (the day the streak broke) was at most ``REPAIR_WITHIN_DAYS`` days ago.

    The break is the latest one: after the last credited day when the streak is broken now,
    or else, when a check-in since restarted it (streak 1), before that check-in (``before``
    is the credited day before the last). The earlier missed days stay for the freezes,
    spent as at any check-in.
    """
    last = streak.last_day
    if last is None:
        raise BadInput("You have no streak to repair yet; /checkin starts one.")
    missed = missed_days(last, today, held) if last < today else []
    if len(missed) <= streak.freezes:
        if streak.current != 1 or before is None:
            raise BadInput("Your streak is not broken: nothing to repair.")
        missed = missed_days(before, last, held)  # the break the restart came after
        if len(missed) <= streak.freezes:
            raise BadInput("Your streak is not broken: nothing to repair.")
    uncovered = missed[streak.freezes :]
    broke = uncovered[0]
    if (today - broke).days > REPAIR_WITHIN_DAYS:
        raise BadInput(
            f"Your streak broke on {human_date(broke)}, more than 48 hours ago: a repair "
            "works only on the two days after the break."
        )
    return tuple(uncovered)


@dataclass(frozen=True, slots=True)
class Replay:
    streak: Streak
    frozen_days: tuple[date, ...]


def replay(
    credited_days: Iterable[date], held: Collection[date] = (), start: Streak | None = None
) -> Replay:
    """Recompute counters and freeze days from credited study days in order and the days on
    hold (those after the last credited day are the streak's ``held``)."""
    streak = start or Streak()
    frozen: list[date] = []
    for day in sorted(credited_days):
        result = apply_checkin(streak, day, held)
        streak = result.after
        frozen.extend(result.frozen_days)
    if streak.last_day is not None:
        last = streak.last_day
        streak = replace(streak, held=sum(1 for d in held if d > last))
    return Replay(streak, tuple(frozen))
