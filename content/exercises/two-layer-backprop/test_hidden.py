import copy

import numpy as np
from numpy.testing import assert_allclose

from submission import forward_backward


def _setup(seed, n=12, d=4, h=6):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h) * 0.5, "W2": rng.normal(size=h), "b2": -0.3}
    return rng.normal(size=(n, d)), rng.integers(0, 2, size=n).astype(float), params


def _numerical(X, y, params, key, eps=1e-6):
    base = np.asarray(params[key], dtype=float)
    grad = np.zeros_like(base)
    for idx in np.ndindex(base.shape):
        for sign in (1, -1):
            p = copy.deepcopy(params)
            shifted = base.copy()
            shifted[idx] += sign * eps
            p[key] = shifted if base.ndim else float(shifted)
            grad[idx] += sign * forward_backward(X, y, p)[0] / (2 * eps)
    return grad


def test_first_layer_gradients() -> None:
    X, y, params = _setup(1)
    _, grads = forward_backward(X, y, params)
    for key in ("W1", "b1"):
        assert_allclose(grads[key], _numerical(X, y, params, key), rtol=1e-4, atol=1e-7,
                        err_msg=f"grads[{key!r}] disagrees with finite differences: check the ReLU mask and the chain rule")


def test_second_layer_gradients() -> None:
    X, y, params = _setup(2)
    _, grads = forward_backward(X, y, params)
    assert_allclose(grads["W2"], _numerical(X, y, params, "W2"), rtol=1e-4, atol=1e-7, err_msg="grads['W2'] is wrong")
    assert abs(grads["b2"] - _numerical(X, y, params, "b2")) < 1e-6, "grads['b2'] is wrong"


def test_loss_is_mean_bce() -> None:
    X, y, params = _setup(3)
    loss, _ = forward_backward(X, y, params)
    z = np.maximum(0, X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    p = 1 / (1 + np.exp(-z))
    want = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert abs(loss - want) < 1e-10, f"expected the mean binary cross-entropy {want}, got {loss}"


def test_dead_units_get_zero_gradient() -> None:
    X, y, params = _setup(4, n=10, d=3, h=4)
    X = np.abs(X)
    params["W1"][:, 2] = -np.abs(params["W1"][:, 2])
    params["b1"][2] = -1.0  # unit 2 is negative for every example
    _, grads = forward_backward(X, y, params)
    assert_allclose(grads["W1"][:, 2], 0.0, err_msg="a ReLU unit inactive for the whole batch passes no gradient back")
    assert abs(grads["b1"][2]) < 1e-15, "grads['b1'] of a dead unit must be 0"
    assert abs(grads["W2"][2]) < 1e-15, "grads['W2'] of a dead unit is 0 too (its activation is 0)"


def test_large_logits_stay_finite() -> None:
    X, y, params = _setup(5)
    params["W2"] = params["W2"] * 1e4
    loss, grads = forward_backward(X, y, params)
    assert np.isfinite(loss), f"loss must be finite for huge logits, got {loss}"
    assert all(np.all(np.isfinite(g)) for g in grads.values()), "gradients must be finite for huge logits"


def test_params_unchanged() -> None:
    X, y, params = _setup(6)
    before = copy.deepcopy(params)
    forward_backward(X, y, params)
    for key in before:
        assert_allclose(params[key], before[key], err_msg=f"params[{key!r}] was modified in place")


def test_relu_derivative_is_zero_at_zero() -> None:
    X = np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]])
    y = np.array([1.0, 0.0, 1.0])
    params = {"W1": np.array([[1.0, -1.0], [0.5, 1.0]]), "b1": np.zeros(2), "W2": np.array([2.0, -1.0]), "b2": 0.25}
    _, grads = forward_backward(X, y, params)
    a = X @ params["W1"]  # row 0 is exactly 0 for both units
    z = np.maximum(0, a) @ params["W2"] + 0.25
    dz = (1 / (1 + np.exp(-z)) - y) / 3
    da = np.outer(dz, params["W2"]) * (a > 0)
    assert_allclose(grads["b1"], da.sum(axis=0), rtol=1e-10, atol=1e-15,
                    err_msg="use ReLU'(0) = 0: a row with a == 0 passes no gradient (mask a > 0, not a >= 0)")
    assert_allclose(grads["W1"], X.T @ da, rtol=1e-10, atol=1e-15, err_msg="grads['W1'] with some a == 0")
