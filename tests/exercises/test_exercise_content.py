"""Exercise content: what `mlpath content check` says about a broken exercise (file:line, one
problem per mistake), `content stats`, and the `mlpath exercises` commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.content.yamlfile import ContentProblem
from bot.exercises.content import load_exercises
from bot.exercises.runtime import Runtime
from tests.exercises.conftest import FIXTURES


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "exercises", tmp_path / "exercises")
    return tmp_path


def problems_of(directory: Path, **checks: object) -> list[str]:
    problems: list[ContentProblem] = []
    load_exercises(directory, problems, **checks)  # type: ignore[arg-type]
    return [str(p) for p in problems]


def test_the_fixtures_load(copy: Path) -> None:
    problems: list[ContentProblem] = []
    pack = load_exercises(
        copy, problems, topics={"numpy", "pandas"}, days_of_step={1: {2}, 2: {16}}
    )
    assert problems == []
    assert [e.id for e in pack.ordered()] == ["clip-values", "row-means"]
    clip = pack.get("clip-values")
    assert clip is not None and clip.meta.entries == ("clip",)
    assert clip.public_tests == ("test_clips_both_ends", "test_keeps_values_inside")
    assert pack.stats()["difficulty"] == {"easy": 1, "medium": 1, "hard": 0}


def test_a_missing_file_and_a_stray_one(copy: Path) -> None:
    (copy / "exercises" / "clip-values" / "solution.py").unlink()
    (copy / "exercises" / "clip-values" / "notes.md").write_text("draft")
    assert problems_of(copy) == [
        "exercises/clip-values/solution.py:1: file is missing",
        "exercises/clip-values/notes.md:1: not part of an exercise (it holds exactly: "
        "exercise.yaml, starter.py, solution.py, test_public.py, test_hidden.py)",
    ]


def test_yaml_mistakes_name_the_line(copy: Path) -> None:
    meta = copy / "exercises" / "clip-values" / "exercise.yaml"
    meta.write_text(meta.read_text().replace("xp: 20", "xp: 25").replace("minutes: 10", "mins: 10"))
    assert problems_of(copy) == [
        "exercises/clip-values/exercise.yaml:1: minutes: is missing",
        "exercises/clip-values/exercise.yaml:7: xp: an easy exercise earns 20 XP",
        "exercises/clip-values/exercise.yaml:6: mins: is not a field mlpath knows (check its "
        "spelling)",
    ]


def test_code_and_test_mistakes(copy: Path) -> None:
    folder = copy / "exercises" / "row-means"
    (folder / "starter.py").write_text("def row_mean(frame):\n    pass\n")
    hidden = folder / "test_hidden.py"
    renamed = hidden.read_text().replace("def test_keeps_index", "def test_simple_rows")
    hidden.write_text("import pytest\n" + renamed)
    public = folder / "test_public.py"
    kept = public.read_text()
    public.write_text("def test_one() -> None:\n    assert True\n")
    entry = "exercises/row-means/starter.py:1: does not define row_means (the exercise's entry)"
    pytest_import = (
        "exercises/row-means/test_hidden.py:1: imports pytest: tests use only the standard "
        "library, numpy, pandas, scikit-learn and submission"
    )
    assert problems_of(copy) == [
        entry,
        "exercises/row-means/test_public.py:1: has 1 test; it needs 2 to 4",
        "exercises/row-means/test_public.py:1: does not import the member's code (from "
        "submission import …)",
        pytest_import,
    ]
    public.write_text(kept)
    assert problems_of(copy) == [
        entry,
        pytest_import,
        "exercises/row-means/test_hidden.py:1: repeats public tests: test_simple_rows",
    ]


def test_syntax_topic_and_day(copy: Path) -> None:
    roadmap = {"topics": {"pandas"}, "days_of_step": {1: {1}, 2: {16}}}
    solution = copy / "exercises" / "clip-values" / "solution.py"
    kept = solution.read_text()
    solution.write_text("def clip(:\n")
    assert problems_of(copy, **roadmap) == [
        "exercises/clip-values/solution.py:1: not valid Python: invalid syntax"
    ]
    solution.write_text(kept)
    assert problems_of(copy, **roadmap) == [
        "exercises/clip-values/exercise.yaml:4: topic: unknown quiz topic numpy",
        "exercises/clip-values/exercise.yaml:3: days[0]: day 2 is not a day of step 1",
    ]


def test_cli_sandbox_and_gates(runtime: Runtime) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["exercises", "sandbox"])
    assert ok.exit_code == 0 and ok.output.startswith("ok: bubblewrap works"), ok.output
    gates = runner.invoke(cli, ["exercises", "gates", "--content", str(FIXTURES)])
    assert gates.exit_code == 0, gates.output
    assert "ok: 2 exercise(s) pass their gates" in gates.output
    unknown = runner.invoke(cli, ["exercises", "gates", "nope", "--content", str(FIXTURES)])
    assert unknown.exit_code == 1 and "no exercise called nope" in unknown.output


def test_the_shipped_exercises_meet_the_issue_targets() -> None:
    """Issue 16: at least 40 exercises over steps 1, 2, 3 and 5, in at least 8 quiz topics."""
    from bot.content.catalog import load_catalog
    from bot.paths import content_dir

    stats = load_catalog(content_dir()).exercises.stats()
    assert stats["count"] >= 40
    assert {"1", "2", "3", "5"} <= set(stats["steps"])
    assert len(stats["topics"]) >= 8


def test_content_check_and_stats_cover_exercises(tmp_path: Path) -> None:
    from bot.paths import content_dir

    content = tmp_path / "content"
    shutil.copytree(content_dir(), content, ignore=shutil.ignore_patterns("exercises"))
    shutil.copytree(FIXTURES / "exercises", content / "exercises")
    runner = CliRunner()
    ok = runner.invoke(cli, ["content", "check", str(content)])
    assert ok.exit_code == 0 and ok.output.rstrip().endswith(", 2 exercises"), ok.output
    stats = runner.invoke(cli, ["content", "stats", str(content)])
    assert "Exercises   2 in 2 topics (step 1: 1 · step 2: 1; easy 1 · medium 1 · hard 0)" in (
        stats.output
    )
    (content / "exercises" / "row-means" / "starter.py").write_text("def row_mean():\n    pass\n")
    bad = runner.invoke(cli, ["content", "check", str(content)])
    assert bad.exit_code == 1
    assert "exercises/row-means/starter.py:1: does not define row_means" in bad.output
