import numpy as np

from submission import fit_linear_gd


def _reference(X, y, lr, n_iters):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(n_iters):
        r = X @ w + b - y
        losses.append(float(np.mean(r**2)))
        w, b = w - lr * (2 / n) * (X.T @ r), b - lr * (2 / n) * r.sum()
    return w, b, losses


def test_exact_trajectory_two_features() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = X @ np.array([1.5, -2.0]) + 0.5 + rng.normal(scale=0.2, size=30)
    w, b, losses = fit_linear_gd(X, y, lr=0.05, n_iters=3)
    w_ref, b_ref, losses_ref = _reference(X, y, 0.05, 3)
    np.testing.assert_allclose(w, w_ref, rtol=1e-10, err_msg="w after 3 steps: check the 2/n factor and the simultaneous update")
    assert abs(b - b_ref) < 1e-10, f"b after 3 steps should be {b_ref}, got {b}: update w and b from the same residuals"
    np.testing.assert_allclose(losses, losses_ref, rtol=1e-10, err_msg="losses[k] is the MSE before update k")


def test_zero_iterations() -> None:
    w, b, losses = fit_linear_gd(np.ones((4, 3)), np.arange(4.0), lr=0.1, n_iters=0)
    np.testing.assert_array_equal(w, np.zeros(3), err_msg="with no iterations w stays at zeros(d)")
    assert b == 0.0 and losses == [], f"with no iterations b=0.0 and losses=[], got b={b}, losses={losses}"
    assert w.shape == (3,), f"w has shape (d,), got {w.shape}"


def test_integer_inputs() -> None:
    X = np.array([[1], [2], [3], [4]])
    y = np.array([3, 5, 7, 9])
    w, b, _ = fit_linear_gd(X, y, lr=0.05, n_iters=1)
    w_ref, b_ref, _ = _reference(X, y, 0.05, 1)
    assert np.asarray(w).dtype.kind == "f", f"w must be floats, got {np.asarray(w).dtype}"
    np.testing.assert_allclose(w, w_ref, rtol=1e-12, err_msg="integer X and y must still give float updates")
    assert abs(b - b_ref) < 1e-12, f"b should be {b_ref}, got {b}"


def test_converges_to_least_squares() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(100, 3))
    y = X @ np.array([0.5, -1.0, 2.0]) - 1.0 + rng.normal(scale=0.3, size=100)
    w, b, losses = fit_linear_gd(X, y, lr=0.1, n_iters=3000)
    A = np.hstack([X, np.ones((100, 1))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(w, coef[:3], atol=1e-6, err_msg="a long run should reach the lstsq coefficients")
    assert abs(b - coef[3]) < 1e-6, f"b should reach the lstsq intercept {coef[3]:.6f}, got {b}"
    assert all(l2 <= l1 + 1e-12 for l1, l2 in zip(losses, losses[1:])), "with a small learning rate the loss never rises"
    assert all(isinstance(l, float) for l in losses[:5]), "losses must be floats"
