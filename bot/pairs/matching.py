"""Who meets whom: a maximum-weight matching (``networkx.max_weight_matching``) over a sparse
graph of the members taking part in a round.

The weights are lexicographic — a pair that did not meet in the last rounds first, then at
least an hour of overlap in both members' local 09:00–22:00, then similar roadmap progress,
then more overlap — so no amount of the lower criteria outweighs one of the higher ones within
a bucket. The graph is sparse: members are ordered by timezone band and progress and cut into
buckets of about ``BUCKET`` (the boundaries move with each round, so buckets mix), and each
member is connected to the members of its bucket only. Buckets have an even size except the
last one when the count is odd; its one member left over joins the pair of its bucket that
suits it best, as the round's one trio.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

DAY_MINUTES = 24 * 60
WINDOW_START = 9 * 60  # local 09:00
WINDOW_END = 22 * 60  # local 22:00
MIN_OVERLAP = 60  # minutes
BUCKET = 12  # members per bucket (even); the last one takes a remainder under BUCKET // 2
TZ_BAND = 4 * 60  # minutes: members ordered by 4-hour timezone band, then progress
PROGRESS_SPAN = 25  # roadmap days apart at which progress no longer counts as similar

# Lexicographic weights: a bucket holds at most ``BUCKET + BUCKET // 2 + 1`` members, so at
# most 9 pairs; each level outweighs 9 times everything below it.
_SIMILAR = 10  # per point of similarity (0–100), plus overlap hours (0–13)
_OVERLAP_OK = 20_000
_FRESH = 1_000_000

Pair = frozenset[int]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member taking part: ``key`` (the member's id), their UTC offset in minutes east at
    the round, and their roadmap progress (roadmap days they checked in on)."""

    key: int
    offset: int
    progress: int


def overlap_minutes(a: int, b: int) -> int:
    """The longest stretch, in minutes, that lies in the local 09:00–22:00 of two members whose
    clocks are ``a`` and ``b`` minutes east of UTC (on any day: the windows wrap midnight)."""
    length = WINDOW_END - WINDOW_START
    apart = abs(a - b) % DAY_MINUTES
    apart = min(apart, DAY_MINUTES - apart)
    return max(0, length - apart, apart - (DAY_MINUTES - length))


def common_window(offsets: Sequence[int]) -> tuple[int, int] | None:
    """The longest stretch inside the local 09:00–22:00 of every member (clocks ``offsets``
    minutes east of UTC): (its start in minutes after 00:00 UTC, its length); None if none."""
    inside = [
        all(WINDOW_START <= (minute + o) % DAY_MINUTES < WINDOW_END for o in offsets)
        for minute in range(DAY_MINUTES)
    ]
    if all(inside):
        return 0, DAY_MINUTES
    if not any(inside):
        return None
    begin = inside.index(False)  # scan from a minute outside, so a stretch never wraps
    best, start, length = (0, 0), 0, 0
    for step in range(1, DAY_MINUTES + 1):
        minute = (begin + step) % DAY_MINUTES
        if not inside[minute]:
            length = 0
            continue
        start, length = (minute, 1) if length == 0 else (start, length + 1)
        if length > best[1]:
            best = (start, length)
    return best


def similarity(a: int, b: int) -> int:
    """0–100: how close two members' roadmap progress is."""
    return max(0, 100 - abs(a - b) * 100 // PROGRESS_SPAN)


def weight(a: Candidate, b: Candidate, recent: frozenset[Pair]) -> int:
    overlap = overlap_minutes(a.offset, b.offset)
    fresh = frozenset((a.key, b.key)) not in recent
    return (
        1
        + _FRESH * fresh
        + _OVERLAP_OK * (overlap >= MIN_OVERLAP)
        + _SIMILAR * similarity(a.progress, b.progress)
        + overlap // 60
    )


def buckets(candidates: Sequence[Candidate], round_no: int = 0) -> list[list[Candidate]]:
    """The candidates cut into buckets of similar timezone and progress; every bucket but the
    last has an even size, and the boundaries move by two places each round."""
    ordered = sorted(candidates, key=lambda c: (c.offset // TZ_BAND, c.progress, c.key))
    if len(ordered) < 2 * BUCKET:
        return [ordered] if ordered else []
    shift = (2 * round_no) % BUCKET
    cuts = [0, *([shift] if shift >= 4 else []), *range(shift + BUCKET, len(ordered), BUCKET)]
    if len(ordered) - cuts[-1] < BUCKET // 2:
        cuts.pop()
    return [ordered[s:e] for s, e in zip(cuts, [*cuts[1:], len(ordered)], strict=True)]


def _match_bucket(
    bucket: Sequence[Candidate], recent: frozenset[Pair]
) -> tuple[list[tuple[int, int]], Candidate | None]:
    by_key = {c.key: c for c in bucket}
    graph = nx.Graph()
    graph.add_nodes_from(by_key)
    for a, b in combinations(bucket, 2):
        graph.add_edge(a.key, b.key, weight=weight(a, b, recent))
    matched = nx.max_weight_matching(graph, maxcardinality=True)
    pairs = [(min(u, v), max(u, v)) for u, v in matched]
    paired = {k for p in pairs for k in p}
    alone = [c for c in bucket if c.key not in paired]
    return pairs, alone[0] if alone else None


def _trio_weight(
    extra: Candidate, pair: tuple[int, int], by_key: dict[int, Candidate], recent: frozenset[Pair]
) -> tuple[int, int]:
    """How well ``extra`` fits a pair: the worse of its two edges first, then their sum."""
    weights = [weight(extra, by_key[k], recent) for k in pair]
    return min(weights), sum(weights)


def match(
    candidates: Iterable[Candidate], recent: frozenset[Pair] = frozenset(), round_no: int = 0
) -> list[tuple[int, ...]]:
    """The round's groups, as sorted tuples of member keys: pairs, and one trio when the count
    is odd (a lone candidate stays unmatched). ``recent``: the pairs of the last rounds."""
    everyone = list(candidates)
    by_key = {c.key: c for c in everyone}
    groups: list[tuple[int, ...]] = []
    for bucket in buckets(everyone, round_no):
        pairs, alone = _match_bucket(bucket, recent)
        if alone is not None and pairs:
            best = max(pairs, key=lambda p: _trio_weight(alone, p, by_key, recent))
            pairs.remove(best)
            groups.append(tuple(sorted((*best, alone.key))))
        groups.extend(pairs)
    return sorted(groups)


def pairs_of(groups: Iterable[Sequence[int]]) -> frozenset[Pair]:
    """Every two members who met in ``groups`` (a trio is three pairs)."""
    return frozenset(frozenset(p) for g in groups for p in combinations(g, 2))
