"""Shuffled choices (issue 20): one seed, one order — in every process — and every order fair."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.quiz import shown_order

question_ids = st.from_regex(r"[a-z]{2,12}-\d{3}", fullmatch=True)
seeds = st.text(min_size=0, max_size=40)
counts = st.integers(min_value=2, max_value=5)


@given(question_ids, counts, seeds)
def test_every_order_is_a_permutation_of_the_choices(question: str, n: int, seed: str) -> None:
    order = shown_order(question, n, seed)
    assert sorted(order) == list(range(1, n + 1))


@given(question_ids, counts, seeds)
def test_the_same_seed_gives_the_same_order(question: str, n: int, seed: str) -> None:
    assert shown_order(question, n, seed) == shown_order(question, n, seed)


def test_the_order_is_the_same_in_another_process() -> None:
    """No salted ``hash()``: a restarted process (with another hash seed) shows the same order."""
    seeds = [f"practice:{m}:{p}" for m in range(1, 4) for p in range(1, 30)]
    here = [shown_order("numpy-001", 4, s) for s in seeds]
    code = (
        "from bot.domain.quiz import shown_order\n"
        f"print([shown_order('numpy-001', 4, s) for s in {seeds!r}])"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == repr(here)


def test_members_and_attempts_see_different_orders() -> None:
    questions = [f"statistics-{n:03d}" for n in range(1, 21)]
    by_member = [
        q
        for q in questions
        if shown_order(q, 4, "practice:1:7") != shown_order(q, 4, "practice:2:7")
    ]
    by_attempt = [
        q
        for q in questions
        if shown_order(q, 4, "practice:1:7") != shown_order(q, 4, "practice:1:8")
    ]
    assert len(by_member) > 10 and len(by_attempt) > 10
    # the same seed shuffles different questions differently too
    assert len({shown_order(q, 4, "round:3:0") for q in questions}) > 5


def test_the_correct_answer_moves_between_attempts() -> None:
    """A member who remembers the right answer's position is right only by chance (1 in n)."""
    n, attempts = 4, 2000
    same = sum(
        shown_order("sql-004", n, f"practice:5:{a}").index(2)
        == shown_order("sql-004", n, f"practice:5:{a + 1}").index(2)
        for a in range(attempts)
    )
    assert abs(same / attempts - 1 / n) < 0.04


@settings(max_examples=25)
@given(question_ids, counts)
def test_over_many_seeds_each_choice_lands_in_each_position(question: str, n: int) -> None:
    seen = Counter(
        (position, choice)
        for attempt in range(400)
        for position, choice in enumerate(shown_order(question, n, f"practice:9:{attempt}"))
    )
    assert len(seen) == n * n  # every choice in every position
    expected = 400 / n
    assert all(0.5 * expected < k < 1.5 * expected for k in seen.values()), seen
