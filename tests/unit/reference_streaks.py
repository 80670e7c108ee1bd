"""An independent reference model of SPEC §2, walking the calendar one day at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass
class RefState:
    current: int = 0
    longest: int = 0
    freezes: int = 0
    last: date | None = None
    credited: list[date] | None = None
    frozen: list[date] | None = None


def reference(study_days: list[date]) -> RefState:
    """Study days in the order check-ins happened (later ones may be earlier dates)."""
    state = RefState(credited=[], frozen=[])
    assert state.credited is not None and state.frozen is not None
    for day in study_days:
        if state.last is not None and day <= state.last:
            continue  # already credited: a date never counts twice, never goes back
        if state.last is None:
            state.current = 1
        else:
            missed = []
            cursor = state.last + timedelta(days=1)
            while cursor < day:
                missed.append(cursor)
                cursor += timedelta(days=1)
            if len(missed) <= state.freezes:
                state.freezes -= len(missed)
                state.frozen.extend(missed)
                state.current += 1
            else:
                state.current = 1
        if state.current % 7 == 0 and state.freezes < 2:
            state.freezes += 1
        state.longest = max(state.longest, state.current)
        state.last = day
        state.credited.append(day)
    return state


def reference_shown(state: RefState, today: date) -> int:
    """Alive while the member could still check in today and keep it (freezes cover the gap)."""
    if state.last is None:
        return 0
    missed_if_checking_in_today = (today - state.last).days - 1
    return state.current if missed_if_checking_in_today <= state.freezes else 0
