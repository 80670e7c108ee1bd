"""Exercise sandbox overhead: an empty submission, and 20 submissions at once (issue 16).

    python -m bench.sandbox [--runs 50] [--burst 20] [--slots N]

The same harness (``bot/exercises/harness.py``: the judge, the forked runner, the limits and
the seccomp filter) runs the same job twice over: under bubblewrap as members' code does, and
directly as a plain subprocess. The difference is what the sandbox costs. First ``--runs``
empty submissions one after another (p50 and p99 of the wall time each, the harness's own
start-up included), then ``--burst`` submissions at once through ``Sandbox`` with its
``--slots`` (default: one per core) next to the same burst run directly with the same
concurrency. Goal: overhead p50 under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable

from bot.exercises.outcome import Outcome
from bot.exercises.runtime import ENVIRONMENT, HARNESS, Runtime, bwrap_argv, discover
from bot.exercises.sandbox import Job, Sandbox, execute

GOAL_MS = 300.0
EMPTY = Job(
    "",
    "def test_nothing():\n    pass\n",
    "def test_nothing_hidden():\n    pass\n",
)
NUMPY = Job(
    "import numpy as np\n\n\ndef total(x):\n    return float(np.sum(x))\n",
    "import numpy as np\nfrom submission import total\n\n\n"
    "def test_total():\n    assert total(np.arange(4)) == 6.0\n",
    "import numpy as np\nfrom submission import total\n\n\n"
    "def test_empty():\n    assert total(np.array([])) == 0.0\n",
)


def direct_argv(runtime: Runtime) -> list[str]:
    return [str(runtime.prefix / runtime.python), "-I", "-S", "-B", str(HARNESS)]


async def timed(runs: int, once: Callable[[], Awaitable[Outcome]]) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        outcome = await once()
        out.append((time.perf_counter() - started) * 1000)
        assert outcome.passed, (outcome.verdict, outcome.message, outcome.output[-300:])
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def burst(count: int, slots: int, run: Callable[[], Awaitable[Outcome]]) -> float:
    gate = asyncio.Semaphore(slots)

    async def one() -> Outcome:
        async with gate:
            return await run()

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(one() for _ in range(count)))
    assert all(o.passed for o in outcomes)
    return time.perf_counter() - started


async def measure(runs: int, count: int, slots: int) -> int:
    runtime = discover()
    if isinstance(runtime, str):
        print(f"no sandbox: {runtime}")
        return 1
    sandbox = Sandbox(slots, runtime, probe=False)
    holder = tempfile.TemporaryDirectory(prefix="mlpath-bench-")
    scratch = holder.name
    site = str(runtime.site)

    def direct(job: Job) -> Callable[[], Awaitable[Outcome]]:
        async def run() -> Outcome:
            with tempfile.TemporaryDirectory(dir=scratch) as cwd:  # its own submission.py
                env = {**ENVIRONMENT, "HOME": cwd}
                return await execute(direct_argv(runtime), job, site=site, cwd=cwd, env=env)

        return run

    def boxed(job: Job) -> Callable[[], Awaitable[Outcome]]:
        return lambda: execute(bwrap_argv(runtime), job)

    print(f"sandbox bench: {runs} runs, a burst of {count}, {slots} slots, {os.cpu_count()} cores")
    worst = 0.0
    for name, job in (("empty submission", EMPTY), ("numpy submission", NUMPY)):
        await timed(3, direct(job))  # warm the page cache
        await timed(3, boxed(job))
        plain = await timed(runs, direct(job))
        sandboxed = await timed(runs, boxed(job))
        overhead = statistics.median(sandboxed) - statistics.median(plain)
        worst = max(worst, overhead) if name == "empty submission" else worst
        print(
            f"{name:17}  direct p50 {statistics.median(plain):6.1f} ms  "
            f"p99 {percentile(plain, 0.99):6.1f} ms  |  sandboxed p50 "
            f"{statistics.median(sandboxed):6.1f} ms  p99 {percentile(sandboxed, 0.99):6.1f} ms"
            f"  |  overhead p50 {overhead:+6.1f} ms"
        )
    plain_burst = await burst(count, slots, direct(NUMPY))
    boxed_burst = await burst(count, slots, lambda: sandbox.run(NUMPY))
    print(
        f"{count} numpy submissions at once ({slots} at a time): direct {plain_burst:.2f} s "
        f"({count / plain_burst:.1f}/s), sandboxed {boxed_burst:.2f} s "
        f"({count / boxed_burst:.1f}/s)"
    )
    holder.cleanup()
    verdict = "ok" if worst < GOAL_MS else "over the goal"
    print(f"empty-submission overhead p50 {worst:.1f} ms; goal < {GOAL_MS:.0f} ms: {verdict}")
    return 0 if worst < GOAL_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--slots", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    return asyncio.run(measure(args.runs, args.burst, args.slots))


if __name__ == "__main__":
    raise SystemExit(main())
