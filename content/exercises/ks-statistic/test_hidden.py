import time

import numpy as np

from submission import ks_statistic


def _brute(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return max(abs(np.mean(a <= x) - np.mean(b <= x)) for x in np.concatenate([a, b]))


def test_ties_across_samples() -> None:
    a = [1, 1, 1, 2]
    b = [1, 2, 2, 2]
    got = ks_statistic(a, b)
    assert abs(got - 0.5) < 1e-12, f"at x = 1: F_a = 3/4, F_b = 1/4, D = 0.5; between tied copies you would see other values; got {got}"


def test_heavily_tied_integers_match_brute_force() -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(0, 6, size=300)
    b = rng.integers(1, 7, size=170)
    got = ks_statistic(a, b)
    assert abs(got - _brute(a, b)) < 1e-12, f"tied integers: expected {_brute(a, b)}, got {got}"
    assert isinstance(got, float), f"return a Python float, got {type(got).__name__}"


def test_disjoint_samples() -> None:
    assert abs(ks_statistic([5.0, 6.0, 7.0], [-1.0, 0.0]) - 1.0) < 1e-12, "every value of b below every value of a: D = 1"


def test_continuous_different_lengths() -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(size=257)
    b = rng.normal(0.3, 1.2, size=91)
    got = ks_statistic(a, b)
    assert abs(got - _brute(a, b)) < 1e-12, f"expected {_brute(a, b)}, got {got}"
    assert abs(ks_statistic(b, a) - got) < 1e-15, "D is symmetric in a and b"


def test_large_samples_fast() -> None:
    rng = np.random.default_rng(2)
    a = np.round(rng.normal(size=200_000), 2)
    b = np.round(rng.normal(0.01, 1, size=150_000), 2)
    t = time.perf_counter()
    got = ks_statistic(a, b)
    elapsed = time.perf_counter() - t
    xs = np.unique(np.concatenate([a, b]))
    want = np.max(np.abs(np.searchsorted(np.sort(a), xs, "right") / a.size - np.searchsorted(np.sort(b), xs, "right") / b.size))
    assert abs(got - want) < 1e-12, f"expected {want}, got {got}"
    assert elapsed < 0.5, f"took {elapsed:.2f} s: sort and use searchsorted"


def test_empty_raises() -> None:
    try:
        ks_statistic([], [1.0])
    except ValueError:
        return
    raise AssertionError("an empty sample must raise ValueError")
