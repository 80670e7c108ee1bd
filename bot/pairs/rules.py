"""The rules of a pairing round that are not the matching: who takes part, when rounds and
the Thursday question fall, and when a pair counts as having met."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Cadence = Literal["weekly", "biweekly"]
CADENCES: tuple[Cadence, ...] = ("weekly", "biweekly")
Answer = Literal["yes", "notyet", "skip"]
ANSWERS: tuple[Answer, ...] = ("yes", "notyet", "skip")
ANSWER_WORDS: dict[str, str] = {"yes": "met", "notyet": "not yet", "skip": "skipped"}

ROUND_WEEKDAY = 0  # Monday
CHECK_WEEKDAY = 3  # Thursday: "Did you meet?"
RECENT_ROUNDS = 4  # no repeat of a partner from the last 4 rounds, where avoidable
MET_XP = 20  # each member who said yes, once the pair met
MET_ANSWERS = 2  # "yes" from both members (two of a trio)


@dataclass(frozen=True, slots=True)
class Standing:
    """What decides whether a member who joined takes part in a round."""

    cadence: str
    hidden: bool
    on_hold: bool
    in_previous_round: bool


def takes_part(member: Standing) -> bool:
    """Hidden members are never paired, members on a streak hold sit the round out, and
    biweekly members take every other round (they skip the round after one they were in)."""
    if member.hidden or member.on_hold:
        return False
    return not (member.cadence == "biweekly" and member.in_previous_round)


def last_weekday(day: date, weekday: int) -> date:
    """The latest date on or before ``day`` that falls on ``weekday`` (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def met(answers: Iterable[str | None]) -> bool:
    """A pair met when both said yes (two members of a trio)."""
    return sum(a == "yes" for a in answers) >= MET_ANSWERS


def meeting_rate(groups: Sequence[Sequence[str | None]]) -> tuple[int, int]:
    """(groups that met, groups asked) over the answers of each group."""
    return sum(met(g) for g in groups), len(groups)
