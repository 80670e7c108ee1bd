import time

import numpy as np
from sklearn.metrics import roc_auc_score

from submission import roc_auc


def test_heavy_ties_match_sklearn() -> None:
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, size=500)
    scores = np.round(np.clip(0.3 * y + rng.normal(0.35, 0.2, size=500), 0, 1), 1)  # 11 distinct values
    got = roc_auc(y, scores)
    want = roc_auc_score(y, scores)
    assert abs(got - want) < 1e-12, f"with rounded scores many pairs tie: expected {want}, got {got}"


def test_all_scores_equal() -> None:
    got = roc_auc([0, 1, 1, 0, 1], [0.3] * 5)
    assert abs(got - 0.5) < 1e-12, f"a constant score ranks nothing: AUC 0.5; got {got}"


def test_perfect_and_reversed() -> None:
    y = np.array([0, 0, 0, 1, 1])
    s = np.array([-3.0, -1.0, 0.0, 2.0, 7.5])
    assert abs(roc_auc(y, s) - 1.0) < 1e-12, "every positive above every negative: 1.0"
    assert abs(roc_auc(y, -s) - 0.0) < 1e-12, "every positive below every negative: 0.0"


def test_single_class_raises() -> None:
    try:
        roc_auc([1, 1, 1], [0.2, 0.5, 0.9])
    except ValueError:
        return
    raise AssertionError("only positives: the AUC is undefined, raise ValueError")


def test_bool_labels_and_unsorted() -> None:
    rng = np.random.default_rng(9)
    y = rng.random(300) < 0.2
    s = rng.normal(size=300) + y
    got = roc_auc(y, s)
    assert isinstance(got, float), f"return a Python float, got {type(got).__name__}"
    assert abs(got - roc_auc_score(y, s)) < 1e-12, "bool labels: True is the positive class"


def test_large_input_is_fast_and_exact() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=200_000)
    s = np.round(rng.random(200_000) + 0.2 * y, 3)
    t = time.perf_counter()
    got = roc_auc(y, s)
    elapsed = time.perf_counter() - t
    assert abs(got - roc_auc_score(y, s)) < 1e-9, "200,000 tied scores: differs from sklearn"
    assert elapsed < 0.5, f"took {elapsed:.2f} s: sort once (O(n log n)) instead of comparing all pairs"
