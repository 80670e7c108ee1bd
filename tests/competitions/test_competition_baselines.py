"""Every competition's recorded baseline and reference scores still hold for its data: a
change of generator that shifts the data fails here. And the churn trap is a real trap."""

from __future__ import annotations

import pytest
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_predict

from bot.competitions.baselines import BASELINES, REFERENCES, gradient_boosting, recorded_scores
from bot.competitions.recipes import GENERATORS
from bot.competitions.scoring import score_all
from tests.competitions.support import SHIPPED_IDS, shipped, shipped_dataset


def test_every_named_baseline_and_reference_is_implemented() -> None:
    assert {spec.baseline for spec in GENERATORS.values()} <= set(BASELINES)
    assert {spec.reference for spec in GENERATORS.values()} <= set(REFERENCES)


@pytest.mark.parametrize("competition_id", SHIPPED_IDS)
def test_recorded_scores_match_the_data(competition_id: str) -> None:
    competition = shipped(competition_id)
    meta = competition.meta
    base, ref = recorded_scores(competition, shipped_dataset(competition_id))
    for name, got, recorded in (
        ("baseline", base, meta.baseline.score),
        ("reference", ref, meta.reference.score),
    ):
        allowed = meta.tolerance * max(abs(recorded), 1e-9)
        assert abs(got - recorded) <= allowed, (
            f"{competition_id}: the {name} ({getattr(meta, name).name}) scores {got:.4f} "
            f"but the YAML records {recorded}; recompute with "
            f"python -m bot.competitions.baselines content/competitions/{competition_id}.yaml"
        )
    assert competition.beats(ref, base)


def test_the_reference_holds_with_a_salt() -> None:
    """A deployment's salt changes the data, not what a reasonable model achieves."""
    competition = shipped("churn")
    base, ref = recorded_scores(competition, shipped_dataset("churn", "a deployment's secret"))
    assert base == pytest.approx(0.5)
    assert abs(ref - competition.meta.reference.score) < 0.05


def test_the_churn_leak_looks_great_in_validation_and_loses_on_the_test_set() -> None:
    competition, data = shipped("churn"), shipped_dataset("churn")
    train = data.train
    y = train["churned"]
    leaky = (train["retention_offer"] == "yes").astype(float)
    # on its own, the trap column separates the training classes almost perfectly …
    assert roc_auc_score(y, leaky) > 0.85
    from sklearn.linear_model import LogisticRegression

    honest_cv = cross_val_predict(
        LogisticRegression(max_iter=1000),
        train[["tenure_months", "support_calls", "senior"]].assign(leak=leaky),
        y,
        cv=3,
        method="predict_proba",
    )[:, 1]
    assert roc_auc_score(y, honest_cv) > 0.9, "cross-validation flatters a leaky model"
    # … while on the test set a model that uses it does worse than the honest reference
    with_leak = score_all(
        competition, data.answers, gradient_boosting(competition, data, use_leak=True)
    )
    assert with_leak < competition.meta.reference.score - 0.02
