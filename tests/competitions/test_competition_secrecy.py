"""The public/private split is never leaked: nothing a member receives depends on it, and it
is unrelated to anything a member can see (ids, row order, features, classes)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from bot.competitions.datasets import Answers
from bot.competitions.scoring import Scored, SubmissionRejected, check_and_score
from tests.competitions.support import SHIPPED_IDS, shipped, shipped_dataset


def _flipped(answers: Answers) -> Answers:
    return dataclasses.replace(answers, public=~answers.public)


def _rows(competition_id: str) -> list[str]:
    data = shipped_dataset(competition_id)
    return [
        f"{i},{float(t == '1')}" for i, t in zip(data.answers.ids, data.answers.target, strict=True)
    ]


def test_a_result_holds_two_scores_a_hash_and_a_count_and_names_no_row() -> None:
    assert [f.name for f in dataclasses.fields(Scored)] == ["public", "private", "sha256", "rows"]
    competition, data = shipped("churn"), shipped_dataset("churn")
    body = ("id,churned\n" + "\n".join(_rows("churn")) + "\n").encode()
    result = check_and_score(body, competition, data.answers)
    shown = repr(result)
    assert not any(row_id in shown for row_id in data.answers.ids)


MALFORMED = [
    lambda rows: rows[:-5],  # missing ids
    lambda rows: [*rows, rows[3]],  # a duplicate
    lambda rows: [rows[0].split(",")[0] + ",nan", *rows[1:]],
    lambda rows: [rows[0].split(",")[0] + ",7", *rows[1:]],
    lambda rows: [rows[0] + ",x", *rows[1:]],
    lambda rows: ["=cmd,0.5", *rows],
]


@pytest.mark.parametrize("spoil", range(len(MALFORMED)))
def test_problems_do_not_depend_on_the_split(spoil: int) -> None:
    """The same file gives the same lines whichever rows are public; no line says either."""
    competition, data = shipped("churn"), shipped_dataset("churn")
    body = ("id,churned\n" + "\n".join(MALFORMED[spoil](_rows("churn"))) + "\n").encode()
    seen = []
    for answers in (data.answers, _flipped(data.answers)):
        with pytest.raises(SubmissionRejected) as caught:
            check_and_score(body, competition, answers)
        seen.append(caught.value.problems)
    assert seen[0] == seen[1]
    assert not any(word in line for line in seen[0] for word in ("public", "private"))


def test_a_defect_on_a_public_row_reads_as_one_on_a_private_row() -> None:
    competition, data = shipped("churn"), shipped_dataset("churn")
    rows = _rows("churn")
    public_row = int(np.flatnonzero(data.answers.public)[0])
    private_row = int(np.flatnonzero(~data.answers.public)[0])
    lines = []
    for bad in (public_row, private_row):
        spoilt = [rows[bad].split(",")[0] + ",nan", *(r for i, r in enumerate(rows) if i != bad)]
        with pytest.raises(SubmissionRejected) as caught:
            check_and_score(
                ("id,churned\n" + "\n".join(spoilt)).encode(), competition, data.answers
            )
        lines.append(caught.value.problems)
    assert lines[0] == lines[1] == ("line 2: churned is nan; every row needs a finite number",)


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_the_split_is_unrelated_to_ids_order_and_features(competition_id: str) -> None:
    data = shipped_dataset(competition_id)
    public = data.answers.public
    half = len(public) // 2
    assert abs(public[:half].mean() - public[half:].mean()) < 0.12, "not a block of rows"
    ids = data.test["id"].to_numpy(dtype=float)
    assert abs(np.corrcoef(ids, public)[0, 1]) < 0.12
    numeric = data.test.drop(columns=["id"]).select_dtypes("number")
    for column in numeric:
        values = pd.to_numeric(numeric[column], errors="coerce").astype(float)
        known = values.notna().to_numpy()
        if values[known].nunique() > 1:
            r = np.corrcoef(values[known], public[known])[0, 1]
            assert abs(r) < 0.12, column


@pytest.mark.parametrize("competition_id", ["churn", "review-sentiment", "noisy-digits"])
def test_every_class_is_public_in_the_same_share(competition_id: str) -> None:
    data, share = shipped_dataset(competition_id), shipped(competition_id).meta.dataset.public_share
    by_class = pd.Series(data.answers.public).groupby(data.answers.target).mean()
    assert ((by_class - share).abs() < 0.02).all(), by_class.to_dict()


def test_the_public_score_uses_only_public_rows() -> None:
    """Right on the public rows and wrong on the private ones: 1.0 in public, 0.0 in private;
    so the scores are routed as they should, while the file says nothing of the split."""
    competition, data = shipped("churn"), shipped_dataset("churn")
    truth = (data.answers.target == "1").astype(float)
    guess = np.where(data.answers.public, truth, 1.0 - truth)
    rows = [f"{i},{g}" for i, g in zip(data.answers.ids, guess, strict=True)]
    result = check_and_score(("id,churned\n" + "\n".join(rows)).encode(), competition, data.answers)
    assert (result.public, result.private) == (1.0, 0.0)


def test_a_salt_moves_the_split() -> None:
    plain, salted = shipped_dataset("churn"), shipped_dataset("churn", "a deployment's secret")
    assert plain.answers.public.mean() == pytest.approx(salted.answers.public.mean(), abs=0.01)
    assert not np.array_equal(
        plain.answers.ids[plain.answers.public], salted.answers.ids[salted.answers.public]
    )
