import math

import numpy as np
from numpy.testing import assert_allclose

from submission import forward_backward


def _params(rng, d, h):
    return {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h), "W2": rng.normal(size=h), "b2": 0.1}


def test_shapes() -> None:
    rng = np.random.default_rng(0)
    params = _params(rng, 3, 5)
    loss, grads = forward_backward(rng.normal(size=(8, 3)), rng.integers(0, 2, size=8), params)
    assert isinstance(loss, float), f"loss must be a Python float, got {type(loss).__name__}"
    for key in ("W1", "b1", "W2"):
        assert np.shape(grads[key]) == np.shape(params[key]), f"grads[{key!r}] has shape {np.shape(grads[key])}, expected {np.shape(params[key])}"
    assert np.ndim(grads["b2"]) == 0, "grads['b2'] is a scalar"


def test_zero_output_weights() -> None:
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.zeros(2), "b2": 0.0}
    loss, grads = forward_backward(X, np.array([1, 0]), params)
    assert abs(loss - math.log(2)) < 1e-12, f"z = 0 everywhere so p = 0.5 and the loss is ln 2; got {loss}"
    # dz = (p - y) / n = [-0.25, 0.25]; r = [[1, 2], [0, 0.5]]
    assert_allclose(grads["W2"], [-0.25, -0.5 + 0.125], err_msg="dW2 = r.T @ dz")
    assert_allclose(grads["W1"], 0.0, err_msg="with W2 = 0 nothing flows back to the first layer")
