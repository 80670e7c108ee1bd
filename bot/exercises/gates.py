"""The content gates of an exercise, run in the sandbox: the reference solution passes every
public and hidden test, and the starter fails at least one hidden test (CI runs the same
through tests/exercises/test_exercise_gates.py; ``mlpath exercises gates`` for authors)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from bot.exercises.content import Exercise
from bot.exercises.outcome import Outcome
from bot.exercises.sandbox import Job, Sandbox


def gate_problems(exercise: Exercise, solved: Outcome, started: Outcome) -> list[str]:
    """What is wrong with ``exercise`` given its solution's and its starter's runs."""
    out = []
    if not solved.passed:
        failing = [f"{t.name}: {t.message}" for t in solved.tests if not t.ok]
        detail = "; ".join(failing[:2]) or solved.message
        out.append(f"{exercise.id}: the solution does not pass ({solved.verdict}: {detail})")
    if started.passed or all(t.ok for t in started.tests if t.hidden):
        out.append(f"{exercise.id}: the starter passes every hidden test")
    return out


async def run_gates(exercises: Sequence[Exercise], say: Callable[[str], None]) -> int:
    """Run both gates of each exercise (a few at a time); the number of problems found."""
    sandbox = Sandbox()
    reason = await sandbox.check()
    if reason is not None:
        raise RuntimeError(f"exercises cannot be graded here: {reason}")

    async def one(exercise: Exercise) -> list[str]:
        limits = exercise.limits
        solved = await sandbox.run(Job(exercise.solution, exercise.public, exercise.hidden, limits))
        started = await sandbox.run(Job(exercise.starter, exercise.public, exercise.hidden, limits))
        found = gate_problems(exercise, solved, started)
        say(f"{'ok  ' if not found else 'FAIL'} {exercise.id} ({solved.seconds:.2f} s)")
        return found

    problems = [p for found in await asyncio.gather(*map(one, exercises)) for p in found]
    for problem in problems:
        say(problem)
    return len(problems)
