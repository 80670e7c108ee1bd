import numpy as np
from numpy.testing import assert_allclose

from submission import mlp_forward


def test_two_layers_by_hand() -> None:
    X = np.array([[1.0, -2.0]])
    W1 = np.array([[1.0, 0.0, 2.0], [1.0, 1.0, 0.0]])  # h = [-1, -2, 2] -> ReLU -> [0, 0, 2]
    b1 = np.zeros(3)
    W2 = np.array([[1.0], [1.0], [-3.0]])
    b2 = np.array([0.5])
    out = mlp_forward(X, [(W1, b1), (W2, b2)])
    assert np.shape(out) == (1, 1), f"expected shape (1, 1), got {np.shape(out)}"
    assert_allclose(out, [[-5.5]], err_msg="hidden ReLU gives [0, 0, 2]; 2 * -3 + 0.5 = -5.5 (no ReLU on the output)")


def test_batch_shape() -> None:
    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(4, 8)), np.zeros(8)), (rng.normal(size=(8, 3)), np.zeros(3))]
    out = mlp_forward(rng.normal(size=(10, 4)), layers)
    assert np.shape(out) == (10, 3), f"10 examples, 3 outputs: expected (10, 3), got {np.shape(out)}"
