"""Quiz rules (SPEC §4): XP, mastery, round points, challenge rotation."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

PRACTICE_XP = 5
PRACTICE_XP_PER_DAY = 50
CHALLENGE_XP = 15
ROUND_XP_PER_POINT = 2
FIRST_CORRECT_POINTS = 3
OTHER_CORRECT_POINTS = 1

MASTERY_MIN_CORRECT = 10
MASTERY_WINDOW = 10
MASTERY_MIN_IN_WINDOW = 8

ROUND_COUNT_RANGE = (1, 20)
ROUND_SECONDS_RANGE = (5, 120)
ROUND_DEFAULT_COUNT = 5
ROUND_DEFAULT_SECONDS = 20


def practice_xp(already_today: int) -> int:
    """XP for one correct practice answer, given practice XP already earned this study day."""
    return max(0, min(PRACTICE_XP, PRACTICE_XP_PER_DAY - already_today))


def is_mastered(correct_total: int, recent: Sequence[bool]) -> bool:
    """≥ 10 correct in the topic and ≥ 8 of the last 10 answers correct (newest first)."""
    window = list(recent[:MASTERY_WINDOW])
    return (
        correct_total >= MASTERY_MIN_CORRECT
        and len(window) == MASTERY_WINDOW
        and sum(window) >= MASTERY_MIN_IN_WINDOW
    )


def answers_by_topic(history: Sequence[tuple[str, bool]]) -> dict[str, list[bool]]:
    """Correctness per topic, in the order of ``history`` (newest first)."""
    by_topic: dict[str, list[bool]] = defaultdict(list)
    for topic, correct in history:
        by_topic[topic].append(correct)
    return by_topic


def mastered_topics(history: Sequence[tuple[str, bool]]) -> list[str]:
    """Topics mastered, from (topic, correct) answers newest first."""
    by_topic = answers_by_topic(history)
    return sorted(t for t, answers in by_topic.items() if is_mastered(sum(answers), answers))


@dataclass(frozen=True, slots=True)
class RoundAnswerView:
    member: str
    correct: bool
    at: datetime


def question_points(answers: Sequence[RoundAnswerView]) -> dict[str, int]:
    """The first correct answer earns 3 points, every other correct answer 1."""
    correct = sorted((a for a in answers if a.correct), key=lambda a: a.at)
    points = {a.member: OTHER_CORRECT_POINTS for a in correct}
    if correct:
        points[correct[0].member] = FIRST_CORRECT_POINTS
    return points


def next_challenge(all_ids: Sequence[str], used: set[str], rng: random.Random) -> str:
    """A question the community has not had as a challenge; the bank restarts when used up."""
    fresh = [q for q in all_ids if q not in used]
    return rng.choice(fresh or list(all_ids))
