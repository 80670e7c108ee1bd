"""The competition metrics, each one scikit-learn's (``sklearn.metrics``), never re-derived."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sklearn import metrics as skm

from bot.competitions.recipes import HIGHER_IS_BETTER, METRIC_NAMES


def score(
    metric: str,
    y_true: NDArray[np.generic],
    y_pred: NDArray[np.generic],
    *,
    classes: Sequence[str] = (),
    groups: NDArray[np.int64] | None = None,
) -> float:
    """``metric`` of ``y_pred`` against ``y_true``.

    ``y_pred`` is what a submission holds: class labels (accuracy, macro_f1), the positive
    class's probability (roc_auc, binary log_loss: the positive class is the last of
    ``classes``), one probability column per class in ``classes`` order (multi-class
    log_loss, rows normalised to sum to 1), numbers (rmse, mae), or scores ranked within each
    of ``groups`` (ndcg, ``y_true`` being graded relevance)."""
    if metric not in METRIC_NAMES:
        raise ValueError(f"unknown metric {metric}")
    if metric == "accuracy":
        return float(skm.accuracy_score(y_true.astype(str), y_pred.astype(str)))
    if metric == "macro_f1":
        return float(
            skm.f1_score(
                y_true.astype(str),
                y_pred.astype(str),
                labels=list(classes),
                average="macro",
                zero_division=0,
            )
        )
    if metric == "roc_auc":
        positive = y_true.astype(str) == classes[-1]
        return float(skm.roc_auc_score(positive, y_pred.astype(np.float64)))
    if metric == "log_loss":
        return _log_loss(y_true.astype(str), y_pred.astype(np.float64), classes)
    if metric == "rmse":
        return float(skm.root_mean_squared_error(y_true, y_pred))
    if metric == "mae":
        return float(skm.mean_absolute_error(y_true, y_pred))
    return _ndcg(y_true.astype(np.float64), y_pred.astype(np.float64), groups)


def _log_loss(y_true: NDArray[np.str_], prob: NDArray[np.float64], classes: Sequence[str]) -> float:
    if prob.ndim == 1:
        if len(classes) != 2:
            raise ValueError("one probability column is for a binary task")
        prob = np.column_stack([1.0 - prob, prob])
    order = np.argsort(np.asarray(classes))  # scikit-learn sorts the labels
    prob = prob[:, order] / prob.sum(axis=1, keepdims=True)
    return float(skm.log_loss(y_true, prob, labels=sorted(classes)))


def _ndcg(
    relevance: NDArray[np.float64],
    scores: NDArray[np.float64],
    groups: NDArray[np.int64] | None,
) -> float:
    """The mean NDCG over queries: one ``ndcg_score`` call when all queries have as many
    rows (the usual case), else one per query, averaged."""
    if groups is None:
        raise ValueError("ndcg needs the query of each row")
    order = np.argsort(groups, kind="stable")
    groups, relevance, scores = groups[order], relevance[order], scores[order]
    _, starts, sizes = np.unique(groups, return_index=True, return_counts=True)
    if len(set(sizes.tolist())) == 1 and sizes[0] > 1:
        shape = (len(sizes), int(sizes[0]))
        return float(skm.ndcg_score(relevance.reshape(shape), scores.reshape(shape)))
    per_query = [
        float(skm.ndcg_score([relevance[s : s + k]], [scores[s : s + k]]))
        for s, k in zip(starts, sizes, strict=True)
        if k > 1
    ]
    return float(np.mean(per_query))


def better(metric: str, score_a: float, score_b: float) -> bool:
    """``score_a`` is strictly better than ``score_b``."""
    return score_a > score_b if HIGHER_IS_BETTER[metric] else score_a < score_b
