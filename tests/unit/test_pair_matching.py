"""The study-pair matching (SPEC §12) as properties over random groups, with Hypothesis."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pairs.matching import (
    BUCKET,
    MIN_OVERLAP,
    WINDOW_END,
    WINDOW_START,
    Candidate,
    buckets,
    common_window,
    match,
    overlap_minutes,
    pairs_of,
)
from bot.pairs.rules import Standing, met, takes_part

OFFSETS = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: q * 15)  # real zones
SINGLE_BUCKET = 2 * BUCKET - 1  # up to here the whole group is one bucket


@st.composite
def groups(draw: st.DrawFn, low: int = 0, high: int = 40) -> list[Candidate]:
    size = draw(st.integers(min_value=low, max_value=high))
    return [
        Candidate(key, draw(OFFSETS), draw(st.integers(min_value=0, max_value=84)))
        for key in range(1, size + 1)
    ]


@st.composite
def with_history(draw: st.DrawFn, low: int, high: int) -> tuple[list[Candidate], frozenset]:
    people = draw(groups(low, high))
    every = [frozenset(p) for p in combinations([c.key for c in people], 2)]
    recent = draw(st.sets(st.sampled_from(every), max_size=len(every))) if every else set()
    return people, frozenset(recent)


def _repeat_free_matching_exists(people: list[Candidate], recent: frozenset) -> bool:
    """A reference: can everyone but one (odd counts) be paired without a recent partner?"""
    graph = nx.Graph()
    graph.add_nodes_from(c.key for c in people)
    graph.add_edges_from(tuple(p) for p in combinations([c.key for c in people], 2))
    graph.remove_edges_from(tuple(p) for p in recent)
    return len(nx.max_weight_matching(graph, maxcardinality=True)) == len(people) // 2


@settings(max_examples=150, deadline=None)
@given(groups())
def test_nobody_is_in_two_groups_or_paired_with_themselves(people: list[Candidate]) -> None:
    result = match(people)
    seen = Counter(k for g in result for k in g)
    assert all(n == 1 for n in seen.values()), result
    assert all(len(set(g)) == len(g) for g in result), "nobody is paired with themselves"
    if len(people) >= 2:
        assert set(seen) == {c.key for c in people}, "everyone taking part gets a partner"
    else:
        assert result == []


@settings(max_examples=150, deadline=None)
@given(groups(), st.integers(min_value=0, max_value=20))
def test_a_trio_only_when_the_count_is_odd(people: list[Candidate], round_no: int) -> None:
    result = match(people, round_no=round_no)
    sizes = Counter(len(g) for g in result)
    assert set(sizes) <= {2, 3}
    odd = len(people) % 2 == 1 and len(people) > 1
    assert sizes[3] == (1 if odd else 0), (len(people), sizes)


@settings(max_examples=150, deadline=None)
@given(with_history(6, SINGLE_BUCKET))
def test_no_repeat_of_the_last_rounds_where_avoidable(case: tuple[list, frozenset]) -> None:
    people, recent = case
    if not _repeat_free_matching_exists(people, recent):
        return  # unavoidable: whatever is chosen repeats someone
    for group in match(people, recent):
        fresh = [p for p in pairs_of([group]) if p not in recent]
        if len(group) == 2:
            assert fresh, f"{group} met in the last rounds though a fresh matching exists"
        else:
            assert fresh, "the trio holds at least its one fresh pair"


@settings(max_examples=100, deadline=None)
@given(groups(2, 60))
def test_every_pair_shares_an_hour_of_their_local_days(people: list[Candidate]) -> None:
    offsets = {c.key: c.offset for c in people}
    for group in match(people):
        if len(group) == 2:
            a, b = group
            window = common_window([offsets[a], offsets[b]])
            assert window is not None and window[1] >= MIN_OVERLAP


@settings(max_examples=300, deadline=None)
@given(OFFSETS, OFFSETS)
def test_the_overlap_formula_agrees_with_counting_minutes(a: int, b: int) -> None:
    window = common_window([a, b])
    assert overlap_minutes(a, b) == (window[1] if window else 0)
    # and the window really lies in both local days
    if window is not None:
        start, length = window
        for minute in (start, start + length - 1):
            for offset in (a, b):
                assert WINDOW_START <= (minute + offset) % 1440 < WINDOW_END


def test_a_trio_keeps_a_common_hour_when_it_can() -> None:
    # Two pairs a world apart, and one more member next to the second pair.
    people = [
        Candidate(1, 0, 10),
        Candidate(2, 0, 10),
        Candidate(3, 9 * 60, 10),
        Candidate(4, 9 * 60, 10),
        Candidate(5, 9 * 60, 10),
    ]
    trio = next(g for g in match(people) if len(g) == 3)
    assert set(trio) == {3, 4, 5}


def test_similar_progress_is_preferred() -> None:
    people = [Candidate(1, 0, 0), Candidate(2, 0, 40), Candidate(3, 0, 1), Candidate(4, 0, 41)]
    assert match(people) == [(1, 3), (2, 4)]


@settings(max_examples=50, deadline=None)
@given(groups(2 * BUCKET, 200), st.integers(min_value=0, max_value=50))
def test_buckets_are_even_but_the_last_and_cover_everyone(
    people: list[Candidate], round_no: int
) -> None:
    cut = buckets(people, round_no)
    assert sorted(c.key for b in cut for c in b) == sorted(c.key for c in people)
    assert all(len(b) % 2 == 0 for b in cut[:-1])
    assert all(4 <= len(b) <= BUCKET + BUCKET // 2 + 1 for b in cut)


def test_who_takes_part() -> None:
    assert takes_part(Standing("weekly", False, False, True))
    assert not takes_part(Standing("weekly", True, False, False)), "hidden: never paired"
    assert not takes_part(Standing("weekly", False, True, False)), "on a streak hold"
    assert not takes_part(Standing("biweekly", False, False, True)), "every other round"
    assert takes_part(Standing("biweekly", False, False, False))


def test_a_pair_met_when_both_say_yes() -> None:
    assert met(["yes", "yes"]) and met(["yes", None, "yes"])
    assert not met(["yes", "notyet"]) and not met([None, None])
