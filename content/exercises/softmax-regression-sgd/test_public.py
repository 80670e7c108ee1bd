import math

import numpy as np
from numpy.testing import assert_allclose

from submission import sgd_step


def test_zero_weights_loss_and_shapes() -> None:
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 2])
    W_new, b_new, loss = sgd_step(np.zeros((2, 3)), np.zeros(3), X, y, lr=0.1)
    assert abs(loss - math.log(3)) < 1e-12, f"uniform probabilities over 3 classes: loss ln 3; got {loss}"
    assert np.shape(W_new) == (2, 3) and np.shape(b_new) == (3,), "W_new and b_new keep the shapes of W and b"


def test_step_moves_towards_the_true_class() -> None:
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 2])
    W_new, b_new, _ = sgd_step(np.zeros((2, 3)), np.zeros(3), X, y, lr=0.1)
    # dZ = (P - Y) / n with P = 1/3: gradient for W[0, 0] is (1/3 - 1) / 2 = -1/3
    assert_allclose(W_new[0], [0.1 / 3, -0.1 / 6, -0.1 / 6], rtol=1e-10, err_msg="W_new = W - lr * X.T @ (P - Y) / n")
    assert_allclose(b_new, [0.1 / 6, -0.1 / 3, 0.1 / 6], rtol=1e-10, err_msg="b_new = b - lr * mean over rows of (P - Y)")
