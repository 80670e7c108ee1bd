"""Quiz rules: the practice XP cap, mastery, round points, challenge rotation."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.quiz import (
    PRACTICE_XP_PER_DAY,
    RoundAnswerView,
    TopicTally,
    is_mastered,
    mastered_topics,
    mastery_change,
    next_challenge,
    practice_xp,
    question_points,
    tallies,
)

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


@given(st.lists(st.booleans(), max_size=40))
def test_practice_xp_never_passes_the_daily_cap(answers: list[bool]) -> None:
    earned = 0
    for correct in answers:
        if correct:
            earned += practice_xp(earned)
    assert earned == min(5 * sum(answers), PRACTICE_XP_PER_DAY)


def test_mastery_needs_ten_correct_and_eight_of_the_last_ten() -> None:
    assert is_mastered(10, [True] * 10)
    assert is_mastered(12, [True] * 8 + [False] * 2 + [False] * 5)
    assert not is_mastered(9, [True] * 9)  # not enough correct answers
    assert not is_mastered(20, [False, False, False] + [True] * 20)  # 7 of the last 10


def _reference_mastered(history: list[tuple[str, bool]]) -> list[str]:
    """SPEC §4 read off the whole history (newest first): ≥ 10 correct in the topic and
    ≥ 8 of its last 10 answers right."""
    topics = sorted({t for t, _ in history})
    out = []
    for topic in topics:
        answers = [c for t, c in history if t == topic]
        if sum(answers) >= 10 and len(answers) >= 10 and sum(answers[:10]) >= 8:
            out.append(topic)
    return out


@given(st.lists(st.tuples(st.sampled_from("abc"), st.booleans()), max_size=120))
def test_running_tallies_decide_mastery_as_the_history_does(
    answers: list[tuple[str, bool]],
) -> None:
    """Answers oldest first, counted one at a time as the database does; the mastered count
    kept from each answer's change always equals the history's."""
    running: dict[str, TopicTally] = {}
    mastered = 0
    for n, (topic, correct) in enumerate(answers):
        running[topic] = running.get(topic, TopicTally()).after(correct)
        mastered += mastery_change(running[topic], correct)
        history = answers[: n + 1][::-1]  # newest first
        assert running == tallies(history)
        assert mastered_topics(running) == _reference_mastered(history)
        assert mastered == len(_reference_mastered(history))


def test_first_correct_answer_scores_three_others_one() -> None:
    answers = [
        RoundAnswerView("ben", False, T0),
        RoundAnswerView("ana", True, T0 + timedelta(seconds=2)),
        RoundAnswerView("cy", True, T0 + timedelta(seconds=1)),
    ]
    assert question_points(answers) == {"cy": 3, "ana": 1}
    assert question_points([RoundAnswerView("ben", False, T0)]) == {}


def test_challenges_do_not_repeat_until_the_bank_is_used_up() -> None:
    bank = [f"q{i}" for i in range(5)]
    rng = random.Random(1)
    used: set[str] = set()
    picked = []
    for _ in range(5):
        question = next_challenge(bank, used, rng)
        picked.append(question)
        used.add(question)
    assert sorted(picked) == bank
    assert next_challenge(bank, used, rng) in bank  # the bank starts over


def test_a_challenge_comes_from_the_days_topics_while_one_is_fresh() -> None:
    bank = [f"q{i}" for i in range(6)]
    rng = random.Random(3)
    today = {"q1", "q4"}
    used: set[str] = set()
    first = next_challenge(bank, used, rng, today)
    second = next_challenge(bank, used | {first}, rng, today)
    assert {first, second} == today  # both of the day's topics before anything else
    # the day's questions all used: any fresh one, still no repeat
    assert next_challenge(bank, used | today, rng, today) in set(bank) - today
