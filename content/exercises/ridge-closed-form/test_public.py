import numpy as np
from numpy.testing import assert_allclose

from submission import ridge_fit


def test_alpha_zero_is_least_squares() -> None:
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = 2.0 * X[:, 0] + 1.0
    w, c = ridge_fit(X, y, alpha=0.0)
    assert np.shape(w) == (1,), f"expected w of shape (1,), got {np.shape(w)}"
    assert_allclose([w[0], c], [2.0, 1.0], atol=1e-10, err_msg="an exact line y = 2x + 1 with alpha = 0")


def test_penalty_shrinks_the_slope() -> None:
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = 2.0 * X[:, 0] + 1.0
    w, c = ridge_fit(X, y, alpha=5.0)
    # centred: sum(xc**2) = 5, sum(xc*yc) = 10, so w = 10 / (5 + 5) = 1; c = 4 - 1.5 * 1
    assert_allclose([w[0], c], [1.0, 2.5], atol=1e-10, err_msg="w = Xc.T yc / (Xc.T Xc + alpha) = 1, c = mean(y) - mean(x) * w")
