"""Vacation mode (SPEC §2): a hold puts a streak on pause for whole study days.

A day on hold is neither missed nor credited and spends no freeze. A hold starts on the
member's first study day not yet credited (today, or the day after the last credited one), lasts
1–14 days, and the days on hold in a calendar quarter add up to at most 28. It ends early
with ``/me resume`` or with a check-in: only the days before that count as held.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.errors import BadInput
from bot.domain.streaks import Streak, shown_streak
from bot.domain.timeutil import human_date
from bot.domain.wording import check_within

MAX_HOLD_DAYS = 14
QUARTER_HOLD_DAYS = 28


@dataclass(frozen=True, slots=True)
class Hold:
    """Study days ``first`` to ``last``, both included, on hold."""

    first: date
    last: date

    def days(self) -> Iterator[date]:
        return (self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1))

    def __len__(self) -> int:
        return (self.last - self.first).days + 1


def quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def held_days(holds: Iterable[Hold], after: date | None = None) -> frozenset[date]:
    """Every day on hold, only those after ``after`` when it is given."""
    return frozenset(d for h in holds for d in h.days() if after is None or d > after)


def active_hold(holds: Iterable[Hold], today: date) -> Hold | None:
    """The hold covering today or starting later (at most one: holds never overlap)."""
    return next((h for h in holds if h.last >= today), None)


def plan_hold(streak: Streak, today: date, days: int, holds: Iterable[Hold]) -> Hold:
    """The hold ``/me pause days`` starts today, or the one line saying why not."""
    check_within("days", days, 1, MAX_HOLD_DAYS)
    holds = list(holds)
    if (ongoing := active_hold(holds, today)) is not None:
        raise BadInput(
            f"Your streak is already on hold until {human_date(ongoing.last)}; "
            "/me resume ends the hold."
        )
    if shown_streak(streak, today) == 0:
        raise BadInput("You have no live streak to put on hold; /checkin starts one.")
    first = today
    if streak.last_day is not None and streak.last_day >= today:  # credited (maybe from a
        first = streak.last_day + timedelta(days=1)  # timezone further east): the day after
    hold = Hold(first, first + timedelta(days=days - 1))
    used = held_days(holds)
    for q in sorted({quarter(d) for d in hold.days()}):
        taken = sum(1 for d in used if quarter(d) == q)
        wanted = sum(1 for d in hold.days() if quarter(d) == q)
        if taken + wanted > QUARTER_HOLD_DAYS:
            left = QUARTER_HOLD_DAYS - taken
            raise BadInput(
                f"Holds cover at most {QUARTER_HOLD_DAYS} days a quarter; you have "
                f"{left} left in Q{q[1]} {q[0]}."
            )
    return hold


def end_hold(hold: Hold, day: date) -> Hold | None:
    """``hold`` ended on ``day`` (which is no longer on hold): its days before ``day``, or
    None when it had not begun."""
    if hold.last < day:
        return hold
    if hold.first >= day:
        return None
    return Hold(hold.first, day - timedelta(days=1))
