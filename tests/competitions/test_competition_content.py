"""Competition files: the shipped ones validate; a broken one is reported as file:line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.competitions.content import load_competitions
from bot.content.catalog import load_catalog
from bot.content.yamlfile import ContentProblem
from bot.paths import content_dir
from tests.competitions.support import SHIPPED_IDS, shipped

SHIPPED = content_dir()


def test_the_catalog_loads_the_competitions_and_stats_count_them() -> None:
    catalog = load_catalog(SHIPPED)
    assert len(catalog.competitions) >= 6
    result = CliRunner().invoke(cli, ["content", "stats", str(SHIPPED), "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)["competitions"]
    assert stats["count"] >= 6
    assert set(stats["tasks"]) == {"binary", "multiclass", "regression", "ranking"}
    table = CliRunner().invoke(cli, ["content", "stats", str(SHIPPED)])
    assert "competitions (" in table.output


def test_checking_content_does_not_import_numpy() -> None:
    """``content check`` runs where the exercises extra (NumPy, pandas, scikit-learn) is not
    installed: the competition schema must not need it."""
    code = (
        "import sys; from bot.content.catalog import load_catalog; from bot.paths import "
        "content_dir; load_catalog(content_dir()); "
        "assert not {'numpy', 'pandas', 'sklearn'} & set(sys.modules), 'imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_statements_name_the_baselines_and_the_submission(competition_id: str) -> None:
    competition = shipped(competition_id)
    statement = competition.meta.statement
    assert "Baselines to beat" in statement and "What to try" in statement
    assert f"`id,{competition.columns[0]}" in statement or "sample_submission.csv" in statement


def test_the_churn_trap_is_hinted_at_not_named() -> None:
    statement = shipped("churn").meta.statement
    assert "check every column's meaning" in statement
    assert "retention" not in statement and "offer" not in statement


def _problems(tmp_path: Path, name: str, edit: tuple[str, str], source: str = "churn") -> list[str]:
    folder = tmp_path / "competitions"
    folder.mkdir(exist_ok=True)
    text = (SHIPPED / "competitions" / f"{source}.yaml").read_text(encoding="utf-8")
    assert edit[0] in text, edit[0]
    (folder / name).write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    problems: list[ContentProblem] = []
    load_competitions(tmp_path, problems)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("metric: roc_auc", "metric: ndcg"),
            "competitions/churn.yaml:3: metric: a binary task is scored with: accuracy, macro_f1, "
            "roc_auc, log_loss",
        ),
        (
            ("higher_is_better: true", "higher_is_better: false"),
            "competitions/churn.yaml:4: higher_is_better: roc_auc: higher is better, not the "
            "reverse",
        ),
        (
            ("generator: churn", "generator: titanic"),
            "competitions/churn.yaml:6: dataset.generator: unknown generator titanic; known: "
            "churn, digits, grid-load, houses, ratings, reviews",
        ),
        (
            ("churn_rate: 0.12", "churn_rate: 0.9"),
            "competitions/churn.yaml:11: dataset.params.churn_rate: must be at most 0.5",
        ),
        (
            ("leak: true}", "leak: true, colour: red}"),
            "competitions/churn.yaml:11: dataset.params.colour: is not a field mlpath knows (check "
            "its spelling)",
        ),
        (
            ("https://scikit-learn.org/stable/common_pitfalls.html", "https://example.com/x"),
            "is not on the allow-list of official documentation hosts",
        ),
        (
            ("score: 0.7567", "score: 0.4"),
            "competitions/churn.yaml:36: reference.score: the reference model must beat the "
            "baseline",
        ),
        (
            ("name: gradient-boosting", "name: random-forest"),
            "competitions/churn.yaml:36: reference.name: generator churn's reference is "
            "gradient-boosting",
        ),
        (
            ("max_mb: 5", "max_mb: 6"),
            "competitions/churn.yaml:13: limits.max_mb: must be at most 5",
        ),
    ],
)
def test_a_broken_competition_is_reported_with_file_and_line(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    problems = _problems(tmp_path, "churn.yaml", edit)
    assert any(expected in p for p in problems), problems


def test_rows_beyond_a_shipped_dataset_and_partial_users(tmp_path: Path) -> None:
    over = _problems(
        tmp_path, "noisy-digits.yaml", ("test_rows: 797", "test_rows: 900"), "noisy-digits"
    )
    assert any("digits has 1797 rows; train_rows + test_rows is 1900" in p for p in over), over
    odd = _problems(
        tmp_path, "film-ranking.yaml", ("test_rows: 3000", "test_rows: 3005"), "film-ranking"
    )
    assert any("test_rows: must be a multiple of candidates (10)" in p for p in odd), odd


def test_file_names_are_ids_and_the_folder_holds_only_competitions(tmp_path: Path) -> None:
    folder = tmp_path / "competitions"
    folder.mkdir()
    shutil.copy(SHIPPED / "competitions" / "churn.yaml", folder / "Churn_2.yaml")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    problems: list[ContentProblem] = []
    pack = load_competitions(tmp_path, problems)
    assert len(pack) == 0
    assert [str(p) for p in problems] == [
        "competitions/Churn_2.yaml:1: the file name is the id: lowercase words joined by -",
        "competitions/notes.txt:1: not a competition (<id>.yaml)",
    ]


def test_no_competitions_folder_is_no_competitions(tmp_path: Path) -> None:
    problems: list[ContentProblem] = []
    assert len(load_competitions(tmp_path, problems)) == 0 and not problems
