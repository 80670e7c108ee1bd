import time

import numpy as np
from sklearn.metrics import precision_recall_curve

from submission import threshold_for_recall


def _sklearn(y, s, min_recall):
    precision, recall, thresholds = precision_recall_curve(y, s)
    ok = np.flatnonzero(recall[:-1] >= min_recall)
    i = ok[np.argmax(thresholds[ok])]
    return thresholds[i], precision[i], recall[i]


def test_matches_sklearn() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=400)
    s = rng.normal(size=400) + 1.2 * y
    for target in (0.5, 0.9, 0.98):
        got = threshold_for_recall(y, s, target)
        want = _sklearn(y, s, target)
        assert np.allclose(got, want, rtol=0, atol=1e-12), f"min_recall={target}: expected {want}, got {got}"


def test_tied_scores_move_together() -> None:
    y = np.array([1, 1, 0, 1, 0, 0])
    s = np.array([0.9, 0.5, 0.5, 0.5, 0.5, 0.1])
    t, p, r = threshold_for_recall(y, s, 0.5)
    assert t == 0.5, f"recall 1/3 at 0.9 is too low; the next threshold 0.5 takes the whole tied group; got {t}"
    assert abs(p - 3 / 5) < 1e-12 and r == 1.0, f"5 predicted positives, 3 of them true: precision 0.6, recall 1.0; got {(p, r)}"


def test_heavy_ties_match_sklearn() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=300)
    s = np.round(rng.random(300) * 0.6 + 0.4 * y, 1)
    for target in (0.3, 0.8, 1.0):
        got = threshold_for_recall(y, s, target)
        want = _sklearn(y, s, target)
        assert np.allclose(got, want, rtol=0, atol=1e-12), f"rounded scores, min_recall={target}: expected {want}, got {got}"


def test_zero_target_takes_the_top_score() -> None:
    t, p, r = threshold_for_recall([0, 1, 0], [0.2, 0.3, 0.8], 0.0)
    assert (t, p, r) == (0.8, 0.0, 0.0), f"any recall meets 0.0, so the largest threshold wins; got {(t, p, r)}"


def test_no_positives_raises() -> None:
    try:
        threshold_for_recall([0, 0, 0], [0.1, 0.2, 0.3], 0.5)
    except ValueError:
        return
    raise AssertionError("no positive samples: raise ValueError")


def test_large_input_is_fast() -> None:
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, size=100_000)
    s = np.round(rng.random(100_000) + 0.3 * y, 4)
    t0 = time.perf_counter()
    got = threshold_for_recall(y, s, 0.95)
    elapsed = time.perf_counter() - t0
    assert np.allclose(got, _sklearn(y, s, 0.95), rtol=0, atol=1e-12), "100,000 samples: result differs from sklearn"
    assert elapsed < 0.5, f"took {elapsed:.2f} s: sort once and use cumulative sums"
