"""Every metric is scikit-learn's own, on random predictions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics as skm

from bot.competitions.metrics import better, score
from bot.competitions.recipes import HIGHER_IS_BETTER, METRIC_NAMES

RNG = np.random.default_rng(7)
CLASSES = ("a", "b", "c")


def test_every_metric_has_a_direction() -> None:
    assert set(HIGHER_IS_BETTER) == set(METRIC_NAMES)
    assert better("rmse", 1.0, 2.0) and better("roc_auc", 0.9, 0.8)
    assert not better("mae", 2.0, 2.0)


@pytest.mark.parametrize("trial", range(5))
def test_label_metrics_match_scikit_learn(trial: int) -> None:
    y = RNG.choice(CLASSES, 200).astype(str)
    pred = RNG.choice(CLASSES, 200).astype(object)
    assert score("accuracy", y, pred, classes=CLASSES) == skm.accuracy_score(y, pred.astype(str))
    assert score("macro_f1", y, pred, classes=CLASSES) == pytest.approx(
        skm.f1_score(y, pred.astype(str), average="macro")
    )


@pytest.mark.parametrize("trial", range(5))
def test_probability_metrics_match_scikit_learn(trial: int) -> None:
    y = RNG.choice(("0", "1"), 300).astype(str)
    p = RNG.random(300)
    assert score("roc_auc", y, p, classes=("0", "1")) == pytest.approx(
        skm.roc_auc_score(y == "1", p)
    )
    assert score("log_loss", y, p, classes=("0", "1")) == pytest.approx(skm.log_loss(y, p))
    y3 = RNG.choice(CLASSES, 300).astype(str)
    raw = RNG.random((300, 3))
    prob = raw / raw.sum(axis=1, keepdims=True)
    assert score("log_loss", y3, prob, classes=CLASSES) == pytest.approx(
        skm.log_loss(y3, prob, labels=list(CLASSES))
    )


def test_log_loss_reads_columns_in_the_competitions_class_order() -> None:
    """Classes not in sorted order: the columns follow the competition's order."""
    classes = ("positive", "negative")
    y = np.array(["positive", "negative", "positive"])
    prob = np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]])
    expected = skm.log_loss(y, prob[:, ::-1], labels=["negative", "positive"])
    assert score("log_loss", y, prob, classes=classes) == pytest.approx(expected)


@pytest.mark.parametrize("trial", range(5))
def test_regression_metrics_match_scikit_learn(trial: int) -> None:
    y, pred = RNG.normal(100, 20, 500), RNG.normal(100, 25, 500)
    assert score("rmse", y, pred) == pytest.approx(skm.root_mean_squared_error(y, pred))
    assert score("mae", y, pred) == pytest.approx(skm.mean_absolute_error(y, pred))


@pytest.mark.parametrize("trial", range(5))
def test_ndcg_matches_scikit_learn_per_query(trial: int) -> None:
    queries, per = 40, 10
    relevance = RNG.integers(0, 4, (queries, per)).astype(float)
    scores = RNG.normal(size=(queries, per))
    groups = np.repeat(np.arange(queries), per)
    shuffle = RNG.permutation(queries * per)  # rows of a query need not be adjacent
    got = score("ndcg", relevance.ravel()[shuffle], scores.ravel()[shuffle], groups=groups[shuffle])
    assert got == pytest.approx(skm.ndcg_score(relevance, scores))


def test_ndcg_with_queries_of_different_sizes_is_the_mean_over_queries() -> None:
    relevance = np.array([3, 2, 0, 1, 0, 2, 1, 0, 0], dtype=float)
    scores = np.array([0.1, 0.9, 0.5, 0.3, 0.8, 0.2, 0.6, 0.4, 0.7])
    groups = np.array([1, 1, 1, 2, 2, 3, 3, 3, 3])
    parts = [skm.ndcg_score([relevance[groups == g]], [scores[groups == g]]) for g in (1, 2, 3)]
    assert score("ndcg", relevance, scores, groups=groups) == pytest.approx(np.mean(parts))
