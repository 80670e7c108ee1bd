import math

import numpy as np

from submission import psi


def _reference_psi(ref, cur, n_bins=10, eps=1e-4):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    cuts = np.unique(np.quantile(ref, np.linspace(0, 1, n_bins + 1)[1:-1]))
    p = np.maximum(np.bincount(np.searchsorted(cuts, ref, side="right"), minlength=cuts.size + 1) / ref.size, eps)
    q = np.maximum(np.bincount(np.searchsorted(cuts, cur, side="right"), minlength=cuts.size + 1) / cur.size, eps)
    return float(np.sum((q - p) * np.log(q / p)))


def test_exact_value_on_continuous_data() -> None:
    rng = np.random.default_rng(2)
    ref = rng.gamma(2.0, size=3000)
    cur = rng.gamma(2.5, size=1200)
    got = psi(ref, cur, n_bins=8)
    want = _reference_psi(ref, cur, n_bins=8)
    assert isinstance(got, float), f"return a Python float, got {type(got).__name__}"
    assert abs(got - want) < 1e-10, f"expected {want}: bins from the reference's quantiles, eps floor; got {got}"


def test_identical_samples_give_zero() -> None:
    x = np.arange(100.0)
    assert abs(psi(x, x.copy())) < 1e-12, "the same sample twice: PSI 0"


def test_reference_with_ties() -> None:
    rng = np.random.default_rng(3)
    ref = rng.integers(0, 4, size=1000)  # only 4 distinct values: duplicate quantiles must merge
    cur = rng.integers(0, 5, size=800)
    got = psi(ref, cur)
    want = _reference_psi(ref, cur)
    assert math.isfinite(got), f"a reference with ties must still give a finite PSI, got {got}"
    assert abs(got - want) < 1e-10, f"with tied quantiles expected {want}, got {got}: deduplicate the cuts, side='right'"


def test_values_beyond_the_reference_range_count() -> None:
    ref = np.linspace(0, 1, 1000)
    cur = np.full(500, 5.0)  # everything above the reference's maximum
    got = psi(ref, cur)
    want = _reference_psi(ref, cur)
    assert math.isfinite(got), f"empty bins must use eps, not divide by zero: got {got}"
    assert abs(got - want) < 1e-9 and got > 5, f"all current values land in the open last bin: expected {want:.3f}, got {got}"


def test_eps_is_used() -> None:
    ref = np.linspace(0, 1, 1000)
    cur = np.linspace(0, 0.05, 100)
    a, b = psi(ref, cur, eps=1e-4), psi(ref, cur, eps=1e-2)
    assert abs(a - _reference_psi(ref, cur, eps=1e-4)) < 1e-9, "eps=1e-4 value differs from the recipe"
    assert abs(b - _reference_psi(ref, cur, eps=1e-2)) < 1e-9, "eps must be the floor for every share: eps=1e-2 value differs"


def test_errors() -> None:
    for args, kwargs in [(([], [1.0]), {}), (([1.0], []), {}), (([1.0, 2.0], [1.0]), {"n_bins": 1})]:
        try:
            psi(*args, **kwargs)
        except ValueError:
            continue
        raise AssertionError(f"psi{args} with {kwargs} must raise ValueError")
