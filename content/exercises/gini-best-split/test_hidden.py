import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.tree import DecisionTreeClassifier

from submission import best_split, gini


def test_matches_sklearn_stump() -> None:
    for seed in (0, 1, 2):
        X, y = make_classification(n_samples=120, n_features=5, n_informative=3, n_classes=3,
                                   n_clusters_per_class=1, random_state=seed)
        X = np.round(X, 2)
        stump = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y)
        feature, threshold, _ = best_split(X, y)
        assert feature == stump.tree_.feature[0], f"seed {seed}: sklearn splits on feature {stump.tree_.feature[0]}, you on {feature}"
        assert abs(threshold - stump.tree_.threshold[0]) < 1e-5, f"seed {seed}: threshold {threshold} vs sklearn {stump.tree_.threshold[0]}"


def test_gain_against_definition() -> None:
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    y = np.array([0, 0, 1, 0, 1])
    feature, threshold, gain = best_split(X, y)
    left, right = y[X[:, 0] <= threshold], y[X[:, 0] > threshold]
    want = gini(y) - len(left) / 5 * gini(left) - len(right) / 5 * gini(right)
    assert (feature, threshold) == (0, 1.5), f"the best split is x <= 1.5, got {(feature, threshold)}"
    assert abs(gain - want) < 1e-12 and abs(gain - 0.2133333333333333) < 1e-12, f"gain 0.48 - 0.6 * 0.444 = 0.2133, got {gain}"


def test_string_labels_and_gini_edge_cases() -> None:
    assert gini(np.array([], dtype=int)) == 0.0, "gini of an empty array is 0.0"
    assert abs(gini(["a", "b", "b", "c"]) - 0.625) < 1e-12, "1 - (1/16 + 4/16 + 1/16) = 0.625"
    result = best_split(np.array([[1.0], [2.0], [3.0]]), np.array(["no", "yes", "yes"]))
    assert result is not None and abs(result[1] - 1.5) < 1e-12, f"string labels: expected threshold 1.5, got {result}"


def test_ties_prefer_smaller_feature_then_threshold() -> None:
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]])
    result = best_split(X, np.array([0, 1, 1, 0]))
    # thresholds 1.5 and 3.5 give the same gain on both identical features
    assert result[:2] == (0, 1.5), f"ties: feature 0 first, then the smaller threshold 1.5; got {result[:2]}"


def test_none_when_no_split_helps() -> None:
    assert best_split(np.array([[1.0], [2.0], [3.0]]), np.array([1, 1, 1])) is None, "pure labels: no split has positive gain, return None"
    assert best_split(np.array([[5.0, 0.0], [5.0, 0.0], [5.0, 0.0]]), np.array([0, 1, 0])) is None, "constant features have no threshold: None"


def test_duplicate_values_are_never_split_apart() -> None:
    X = np.array([[1.0], [1.0], [1.0], [2.0]])
    feature, threshold, _ = best_split(X, np.array([0, 1, 1, 1]))
    assert abs(threshold - 1.5) < 1e-12, f"equal values cannot be separated: the only threshold is 1.5, got {threshold}"


def test_fast_enough() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 10))
    y = (X[:, 3] + 0.3 * rng.normal(size=2000) > 0.2).astype(int)
    t = time.perf_counter()
    feature, _, _ = best_split(X, y)
    elapsed = time.perf_counter() - t
    assert feature == 3, f"the labels depend on feature 3, got {feature}"
    assert elapsed < 0.5, f"took {elapsed:.2f} s: use sorting and cumulative counts instead of a loop over every threshold"
