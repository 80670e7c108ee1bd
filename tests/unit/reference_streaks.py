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


@dataclass
class CalendarState:
    """Counters walked over the calendar from the credited and the held days."""

    current: int = 0
    longest: int = 0
    freezes: int = 0
    last: date | None = None
    frozen: tuple[date, ...] = ()


def reference_calendar(credited: set[date], held: set[date]) -> CalendarState:
    """Walk every calendar day from the first credited day: a credited day continues the
    streak if the freezes cover the missed days pending before it; a held day is skipped."""
    state = CalendarState()
    if not credited:
        return state
    pending: list[date] = []
    frozen: list[date] = []
    day = min(credited)
    while day <= max(credited):
        if day in credited:
            if state.last is None:
                state.current = 1
            elif len(pending) <= state.freezes:
                state.freezes -= len(pending)
                frozen.extend(pending)
                state.current += 1
            else:
                state.current = 1
            if state.current % 7 == 0 and state.freezes < 2:
                state.freezes += 1
            state.longest = max(state.longest, state.current)
            state.last = day
            pending = []
        elif day not in held:
            pending.append(day)
        day += timedelta(days=1)
    state.frozen = tuple(frozen)
    return state


def reference_alive(state: CalendarState, held: set[date], today: date) -> int:
    """The shown streak: alive while the freezes cover the missed days before today."""
    if state.last is None:
        return 0
    missed = [
        state.last + timedelta(days=i)
        for i in range(1, (today - state.last).days)
        if state.last + timedelta(days=i) not in held
    ]
    return state.current if len(missed) <= state.freezes else 0
