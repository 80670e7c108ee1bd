"""Datasets are deterministic, realistic enough to learn from, and hide their answers."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from bot.competitions.datasets import build_dataset
from bot.competitions.generators import GENERATE
from bot.competitions.recipes import GENERATORS
from bot.competitions.scoring import check_and_score
from tests.competitions.support import SHIPPED_IDS, shipped, shipped_dataset


def _digest(files: dict[str, bytes]) -> str:
    return hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest()


def test_every_generator_is_implemented() -> None:
    assert set(GENERATE) == set(GENERATORS)


def test_at_least_six_competitions_cover_the_issue() -> None:
    assert len(SHIPPED_IDS) >= 6
    kinds = {(shipped(c).meta.task, shipped(c).spec.name) for c in SHIPPED_IDS}
    assert {g for _, g in kinds} >= set(GENERATORS)
    assert {t for t, _ in kinds} == {"binary", "multiclass", "regression", "ranking"}


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_the_same_seed_gives_the_same_bytes(competition_id: str) -> None:
    competition = shipped(competition_id)
    again = build_dataset(competition)
    first = shipped_dataset(competition_id)
    assert first.files() == again.files()
    assert np.array_equal(first.answers.public, again.answers.public)
    assert np.array_equal(first.answers.target, again.answers.target)
    for data in first.files().values():
        assert b"\r" not in data and data.endswith(b"\n")


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_another_seed_or_a_salt_gives_other_data(competition_id: str) -> None:
    competition = shipped(competition_id)
    recipe = competition.meta.dataset
    other = competition.meta.model_copy(
        update={"dataset": recipe.model_copy(update={"seed": recipe.seed + 1})}
    )
    reseeded = build_dataset(type(competition)(competition.id, other))
    salted = shipped_dataset(competition_id, "a deployment's secret")
    base = _digest(shipped_dataset(competition_id).files())
    assert _digest(reseeded.files()) != base
    assert _digest(salted.files()) != base


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_files_have_the_recipe_shape_and_no_answers(competition_id: str) -> None:
    competition, data = shipped(competition_id), shipped_dataset(competition_id)
    recipe, target = competition.meta.dataset, competition.spec.target
    assert (len(data.train), len(data.test)) == (recipe.train_rows, recipe.test_rows)
    assert list(data.train.columns) == [*data.test.columns, target]
    assert data.train.columns[0] == "id" and target not in data.test
    ids = pd.concat([data.train["id"], data.test["id"]])
    assert ids.is_unique
    assert list(data.answers.ids) == [str(i) for i in data.test["id"]]
    assert list(data.sample_submission.columns) == list(competition.header)
    assert share_close(data.answers.public.mean(), recipe.public_share)


def share_close(got: float, wanted: float) -> bool:
    return abs(got - wanted) < 0.02


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_the_sample_submission_is_valid(competition_id: str) -> None:
    competition, data = shipped(competition_id), shipped_dataset(competition_id)
    result = check_and_score(data.files()["sample_submission.csv"], competition, data.answers)
    assert result.rows == len(data.test)


def test_realism_missing_values_categories_imbalance() -> None:
    churn = shipped_dataset("churn").train
    assert 0.08 < churn["churned"].mean() < 0.16, "imbalanced: about one in eight churns"
    assert churn["monthly_charges"].isna().mean() > 0.02
    assert set(churn["contract"]) == {"month-to-month", "one-year", "two-year"}
    houses = shipped_dataset("house-prices").train
    assert houses["age_years"].isna().any() and houses["garage_spaces"].isna().any()
    assert houses["price"].skew() > 0.5, "prices are right-skewed"
    load = shipped_dataset("grid-load").train
    assert load["temperature_c"].isna().any()
    digits = shipped_dataset("noisy-digits").train
    assert digits.drop(columns=["id", "digit"]).isna().to_numpy().mean() > 0.02


def test_the_churn_trap_column_means_something_else_in_test() -> None:
    """retention_offer was logged after the outcome in train, before it in test."""
    data = shipped_dataset("churn")
    train = data.train
    offered = train.groupby("churned")["retention_offer"].apply(lambda s: (s == "yes").mean())
    assert offered[1] > 0.6 and offered[0] < 0.1
    assert (data.test["retention_offer"] == "yes").mean() < 0.1


def test_the_forecast_is_a_time_split() -> None:
    data = shipped_dataset("grid-load")
    assert data.train["date"].max() < data.test["date"].min()
    assert data.train["date"].is_monotonic_increasing and data.test["date"].is_monotonic_increasing


def test_ranking_users_have_their_candidates_and_whole_users_are_public() -> None:
    competition, data = shipped("film-ranking"), shipped_dataset("film-ranking")
    per_user = data.test.groupby("user_id").size()
    assert (per_user == competition.params.model_dump()["candidates"]).all()
    assert set(data.test["user_id"]) <= set(data.train["user_id"]), "users have a history"
    groups = data.answers.groups
    assert groups is not None
    public_by_user = pd.Series(data.answers.public).groupby(groups).nunique()
    assert (public_by_user == 1).all(), "a user's rows are all public or all private"
    assert set(data.answers.target.tolist()) == {0, 1, 2, 3}


def test_the_review_text_holds_negations_and_three_classes() -> None:
    train = shipped_dataset("review-sentiment").train
    assert train["text"].str.contains(" not ").mean() > 0.1
    shares = train["sentiment"].value_counts(normalize=True)
    assert set(shares.index) == {"negative", "neutral", "positive"} and shares.min() > 0.15
