import math

import numpy as np

from submission import log_posterior, logsumexp


def test_large_values_do_not_overflow() -> None:
    with np.errstate(all="ignore"):
        got = float(logsumexp(np.array([1000.0, 1000.0])))
    assert math.isclose(got, 1000.0 + math.log(2.0), rel_tol=1e-12), f"expected 1000 + log 2, got {got}: shift by the maximum"


def test_very_negative_values_do_not_underflow() -> None:
    with np.errstate(all="ignore"):
        got = float(logsumexp(np.array([-1000.0, -1001.0])))
    expected = -1000.0 + math.log1p(math.exp(-1.0))
    assert math.isclose(got, expected, rel_tol=1e-12), f"expected {expected}, got {got}: exp(-1000) underflows to 0"


def test_infinite_slices() -> None:
    with np.errstate(all="ignore"):
        all_neg = float(logsumexp(np.array([-np.inf, -np.inf])))
        has_pos = float(logsumexp(np.array([1.0, np.inf])))
    assert all_neg == -np.inf, f"log(0) is -inf, got {all_neg} (the max shift gives -inf - -inf = nan)"
    assert has_pos == np.inf, f"a +inf entry makes the sum inf, got {has_pos}"


def test_axis_on_2d() -> None:
    a = np.array([[0.0, 0.0, 0.0], [1000.0, -np.inf, 1000.0]])
    with np.errstate(all="ignore"):
        rows = logsumexp(a, axis=1)
        cols = logsumexp(a, axis=0)
    assert np.shape(rows) == (2,), f"axis=1 on shape (2, 3) gives shape (2,), got {np.shape(rows)}"
    np.testing.assert_allclose(rows, [math.log(3.0), 1000.0 + math.log(2.0)], rtol=1e-12, err_msg="wrong row-wise values")
    assert np.shape(cols) == (3,), f"axis=0 on shape (2, 3) gives shape (3,), got {np.shape(cols)}"
    np.testing.assert_allclose(cols, [1000.0, 0.0, 1000.0], rtol=1e-12, err_msg="wrong column-wise values")


def test_posterior_with_tiny_likelihoods() -> None:
    # 500 observations: log-likelihoods around -5000, far below float range once exponentiated
    log_lik = np.array([-5000.0, -5001.0, -5003.0])
    with np.errstate(all="ignore"):
        got = log_posterior(np.log([0.2, 0.3, 0.5]), log_lik)
    assert np.all(np.isfinite(got)), f"got {got}: stay in log space, exp(-5000) is 0.0"
    w = np.array([0.2, 0.3 * math.exp(-1.0), 0.5 * math.exp(-3.0)])
    np.testing.assert_allclose(np.exp(got), w / w.sum(), rtol=1e-10, err_msg="wrong posterior")


def test_zero_prior_stays_impossible() -> None:
    with np.errstate(all="ignore"):
        got = log_posterior(np.array([-np.inf, math.log(0.5), math.log(0.5)]), np.array([0.0, -1.0, -2.0]))
    assert got[0] == -np.inf, f"a hypothesis with prior 0 has posterior 0 (log -inf), got {got[0]}"
    np.testing.assert_allclose(np.exp(got).sum(), 1.0, rtol=1e-12, err_msg="posterior must sum to 1")
