"""What the dashboard's pages are made of: tables (shown and downloaded as CSV alike) and the
bars of its charts, with the small helpers that build them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Table:
    """A table as the page shows it and its CSV holds it: ``name`` is the download's name."""

    name: str
    caption: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    # per row, what the row's action acts on (a member id to nudge, a question to disable)
    actions: Sequence[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    share: float  # 0..1 of the chart's largest value


def bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((v for _, v in pairs), default=0) or 1
    return [Bar(label, value, value / top) for label, value in pairs]


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
