import numpy as np
from numpy.testing import assert_allclose

from submission import logistic_loss_and_grad


def _reference(w, b, X, y):
    z = X @ w + b
    loss = np.mean(np.logaddexp(0, z) - y * z)
    p = np.exp(-np.logaddexp(0, -z))
    return loss, X.T @ (p - y) / len(y), np.mean(p - y)


def test_confidently_right_large_logits() -> None:
    X = np.array([[1000.0], [-1000.0], [800.0]])
    y = np.array([1.0, 0.0, 1.0])
    loss, gw, gb = logistic_loss_and_grad(np.array([1.0]), 0.0, X, y)
    assert np.isfinite(loss), f"loss must be finite for confident correct predictions, got {loss} (log(0) * 0 is nan)"
    assert loss < 1e-12, f"confidently right predictions have a loss near 0, got {loss}"
    assert np.all(np.isfinite(gw)) and np.isfinite(gb), "gradients must be finite"


def test_confidently_wrong_large_logits() -> None:
    X = np.array([[1000.0], [-1000.0]])
    y = np.array([0.0, 1.0])
    loss, gw, gb = logistic_loss_and_grad(np.array([1.0]), 0.0, X, y)
    assert np.isfinite(loss), f"loss must stay finite when p rounds to 0 or 1, got {loss}; write it in terms of z"
    assert abs(loss - 1000.0) < 1e-6, f"each example costs about |z| = 1000, so the mean is 1000; got {loss}"
    assert_allclose(gw, [1000.0], rtol=1e-9, err_msg="grad_w for two maximally wrong points")
    assert abs(gb) < 1e-12, f"p - y is +1 and -1, so grad_b is 0; got {gb}"


def test_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(42)
    X = rng.normal(size=(20, 4))
    y = (rng.random(20) > 0.4).astype(float)
    w = rng.normal(size=4)
    b = -0.7
    _, gw, gb = logistic_loss_and_grad(w, b, X, y)
    h = 1e-6
    num = np.array([(logistic_loss_and_grad(w + h * e, b, X, y)[0] - logistic_loss_and_grad(w - h * e, b, X, y)[0]) / (2 * h)
                    for e in np.eye(4)])
    assert_allclose(gw, num, rtol=1e-5, atol=1e-8, err_msg="grad_w disagrees with the numerical gradient")
    num_b = (logistic_loss_and_grad(w, b + h, X, y)[0] - logistic_loss_and_grad(w, b - h, X, y)[0]) / (2 * h)
    assert abs(gb - num_b) < 1e-6, f"grad_b {gb} disagrees with the numerical gradient {num_b}"


def test_mean_not_sum() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(10, 3))
    y = (rng.random(10) > 0.5).astype(float)
    w = rng.normal(size=3)
    one = logistic_loss_and_grad(w, 0.2, X, y)
    two = logistic_loss_and_grad(w, 0.2, np.vstack([X, X]), np.concatenate([y, y]))
    assert abs(one[0] - two[0]) < 1e-12, "duplicating every row must not change a mean loss; did you sum instead?"
    assert_allclose(one[1], two[1], rtol=1e-10, err_msg="grad_w must be averaged over rows, not summed")


def test_integer_labels_match_reference() -> None:
    rng = np.random.default_rng(7)
    X = rng.normal(scale=30.0, size=(50, 5))
    y = rng.integers(0, 2, size=50)
    w = rng.normal(size=5)
    loss, gw, gb = logistic_loss_and_grad(w, 1.5, X, y)
    ref = _reference(w, 1.5, X, y.astype(float))
    assert abs(loss - ref[0]) < 1e-9 * max(1.0, ref[0]), f"loss {loss} != expected {ref[0]} with int labels"
    assert_allclose(gw, ref[1], rtol=1e-9, atol=1e-12, err_msg="grad_w with integer labels")
    assert abs(gb - ref[2]) < 1e-12, "grad_b with integer labels"
