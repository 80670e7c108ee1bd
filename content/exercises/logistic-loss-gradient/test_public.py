import math

import numpy as np
from numpy.testing import assert_allclose

from submission import logistic_loss_and_grad


def test_zero_weights_give_log_2() -> None:
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    y = np.array([1.0, 0.0, 1.0])
    loss, gw, gb = logistic_loss_and_grad(np.zeros(2), 0.0, X, y)
    assert abs(loss - math.log(2)) < 1e-9, f"with w=0, b=0 every p is 0.5, so the loss is ln 2 = 0.6931; got {loss}"
    # p - y = [-0.5, 0.5, -0.5]
    assert_allclose(gw, [(-0.5 + 1.5 - 0.25) / 3, (-1.0 - 0.5 - 0.25) / 3], rtol=1e-9,
                    err_msg="grad_w should be X.T @ (p - y) / n")
    assert abs(gb - (-0.5 / 3)) < 1e-9, f"grad_b should be mean(p - y) = -1/6; got {gb}"


def test_shapes_and_types() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 3))
    y = (rng.random(8) > 0.5).astype(float)
    loss, gw, gb = logistic_loss_and_grad(rng.normal(size=3), 0.3, X, y)
    assert isinstance(loss, float), f"loss should be a Python float, got {type(loss).__name__}"
    assert np.shape(gw) == (3,), f"grad_w should have shape (3,), got {np.shape(gw)}"
    assert isinstance(gb, float), f"grad_b should be a Python float, got {type(gb).__name__}"
    assert loss > 0, "binary cross-entropy is positive"
