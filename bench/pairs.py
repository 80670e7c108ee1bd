"""Study-pair matching: 5,000 members in under 2 s (issue 18).

    python -m bench.pairs [--members 5000] [--rounds 5]

Members get random real timezones (UTC-10 to UTC+14, quarter hours), roadmap progress 0–84
days, and a history: each round's pairs become the next round's "recent" partners, as the
service does (the last 4 rounds). Printed per round: the time ``bot.pairs.matching.match``
takes, the groups, repeats of a partner from the last 4 rounds, and pairs without an hour of
overlap in their local 09:00–22:00; then the slowest round against the 2 s goal.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import deque

from bot.pairs.matching import MIN_OVERLAP, Candidate, match, overlap_minutes, pairs_of
from bot.pairs.rules import RECENT_ROUNDS

GOAL_SECONDS = 2.0


def members(count: int, rng: random.Random) -> list[Candidate]:
    offsets = [q * 15 for q in range(-10 * 4, 14 * 4 + 1)]
    return [Candidate(i, rng.choice(offsets), rng.randint(0, 84)) for i in range(1, count + 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(18)
    people = members(args.members, rng)
    offsets = {c.key: c.offset for c in people}
    history: deque[frozenset[frozenset[int]]] = deque(maxlen=RECENT_ROUNDS)
    worst = 0.0
    print(f"matching {args.members:,} members, {args.rounds} rounds")
    for number in range(1, args.rounds + 1):
        recent = frozenset().union(*history)
        started = time.perf_counter()
        groups = match(people, recent, number)
        took = time.perf_counter() - started
        worst = max(worst, took)
        pairs = pairs_of(groups)
        repeats = sum(len(g) == 2 and frozenset(g) in recent for g in groups)
        apart = sum(
            len(g) == 2 and overlap_minutes(offsets[g[0]], offsets[g[1]]) < MIN_OVERLAP
            for g in groups
        )
        trios = sum(len(g) == 3 for g in groups)
        print(
            f"round {number}: {took:.3f} s, {len(groups):,} groups ({trios} trio), "
            f"{repeats} repeated pairs, {apart} pairs without an hour of overlap"
        )
        history.append(pairs)
    verdict = "PASS" if worst < GOAL_SECONDS else "FAIL"
    print(f"slowest round {worst:.3f} s against the goal of {GOAL_SECONDS:.0f} s: {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
