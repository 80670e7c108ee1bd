"""CI gates for every exercise (shipped, and the two test fixtures): the reference solution
passes every test in the sandbox, and the starter fails at least one hidden test. Parametrised
over the folders, so each new exercise is covered as it lands."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.yamlfile import ContentProblem
from bot.exercises.content import EXERCISES_DIR, Exercise, load_exercises
from bot.exercises.gates import gate_problems
from bot.exercises.sandbox import Job, Sandbox
from bot.paths import content_dir
from tests.exercises.conftest import FIXTURES

FOLDERS = sorted(
    [
        *(content_dir() / EXERCISES_DIR).glob("*/exercise.yaml"),
        *(FIXTURES / EXERCISES_DIR).glob("*/exercise.yaml"),
    ]
)


def _exercise(folder: Path) -> Exercise:
    problems: list[ContentProblem] = []
    pack = load_exercises(folder.parent.parent, problems)
    assert not [p for p in problems if f"/{folder.name}/" in p.file], problems
    exercise = pack.get(folder.name)
    assert exercise is not None
    return exercise


@pytest.mark.parametrize("folder", [f.parent for f in FOLDERS], ids=lambda f: f.name)
async def test_solution_passes_and_starter_fails(folder: Path, sandbox: Sandbox) -> None:
    exercise = _exercise(folder)
    limits = exercise.limits
    solved = await sandbox.run(Job(exercise.solution, exercise.public, exercise.hidden, limits))
    started = await sandbox.run(Job(exercise.starter, exercise.public, exercise.hidden, limits))
    assert gate_problems(exercise, solved, started) == [], solved.output[-500:]
    assert len(solved.tests) == len(exercise.public_tests) + len(exercise.hidden_tests)
    # usually "failed"; a naive starter may also run out of time or memory on a large case
    assert started.verdict != "passed"
