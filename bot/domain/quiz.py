"""Quiz rules (SPEC §4): XP, mastery, round points, challenge rotation, shuffled choices."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Collection, Sequence
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


# A topic tally keeps one result more than the mastery window, so the state before its newest
# answer can be told from the tally alone (an answer that drops a topic out of mastery).
RECENT_BITS = MASTERY_WINDOW + 1
RECENT_MASK = (1 << RECENT_BITS) - 1
_WINDOW_MASK = (1 << MASTERY_WINDOW) - 1


@dataclass(frozen=True, slots=True)
class TopicTally:
    """A member's running counts in one topic: answers, correct answers, and the latest
    results as a bit mask (newest in bit 0, 1 = right), kept without the answer history."""

    answered: int = 0
    correct: int = 0
    recent: int = 0

    @property
    def mastered(self) -> bool:
        """The mastery rule (SPEC §4): ≥ 10 correct answers in the topic and ≥ 8 of the last
        10 answers right. The one place it is decided."""
        return (
            self.correct >= MASTERY_MIN_CORRECT
            and self.answered >= MASTERY_WINDOW
            and (self.recent & _WINDOW_MASK).bit_count() >= MASTERY_MIN_IN_WINDOW
        )

    def after(self, correct: bool) -> TopicTally:
        """The tally with one more answer."""
        return TopicTally(
            self.answered + 1,
            self.correct + correct,
            ((self.recent << 1) | correct) & RECENT_MASK,
        )

    def before(self, correct: bool) -> TopicTally:
        """The tally before its newest answer (whose correctness is ``correct``)."""
        assert self.answered >= 1 and (self.recent & 1) == correct
        return TopicTally(self.answered - 1, self.correct - correct, self.recent >> 1)


def mastery_change(tally: TopicTally, correct: bool) -> int:
    """+1 when the newest answer of ``tally`` made the topic mastered, -1 when it lost it."""
    return int(tally.mastered) - int(tally.before(correct).mastered)


def tally(results: Sequence[bool]) -> TopicTally:
    """The tally of one topic's results, newest first (the history form)."""
    out = TopicTally()
    for correct in reversed(results):
        out = out.after(correct)
    return out


def is_mastered(correct_total: int, recent: Sequence[bool]) -> bool:
    """Mastery from a correct count and the results newest first (see ``TopicTally``)."""
    return TopicTally(len(recent), correct_total, tally(recent).recent).mastered


def answers_by_topic(history: Sequence[tuple[str, bool]]) -> dict[str, list[bool]]:
    """Correctness per topic, in the order of ``history`` (newest first)."""
    by_topic: dict[str, list[bool]] = defaultdict(list)
    for topic, correct in history:
        by_topic[topic].append(correct)
    return by_topic


def tallies(history: Sequence[tuple[str, bool]]) -> dict[str, TopicTally]:
    """Topic tallies from (topic, correct) answers newest first."""
    return {topic: tally(results) for topic, results in answers_by_topic(history).items()}


def mastered_topics(by_topic: dict[str, TopicTally]) -> list[str]:
    """The mastered topics of a member's tallies, sorted."""
    return sorted(topic for topic, counts in by_topic.items() if counts.mastered)


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


def next_challenge(
    all_ids: Sequence[str],
    used: set[str],
    rng: random.Random,
    preferred: Collection[str] = frozenset(),
) -> str:
    """A question the community has not had as a challenge, one of ``preferred`` (the day's
    topics) when one is left; the bank restarts when used up."""
    fresh = [q for q in all_ids if q not in used] or list(all_ids)
    on_topic = [q for q in fresh if q in preferred]
    return rng.choice(on_topic or fresh)


def shown_order(question_id: str, choices: int, seed: str) -> tuple[int, ...]:
    """The order a question's choices are shown in: ``order[k]`` is the original (1-based)
    number of the choice shown at position k + 1. A Fisher–Yates shuffle drawn from SHA-256 of
    (question, seed, step), so one seed gives one order in every process and Python version."""
    order = list(range(1, choices + 1))
    for i in range(choices - 1, 0, -1):
        digest = hashlib.sha256(f"{question_id}\x1f{seed}\x1f{i}".encode()).digest()
        j = int.from_bytes(digest[:8], "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return tuple(order)
