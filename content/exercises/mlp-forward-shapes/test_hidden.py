import numpy as np
from numpy.testing import assert_allclose

from submission import mlp_forward


def _layers(rng, sizes):
    return [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes, sizes[1:])]


def test_three_layers_match_reference() -> None:
    rng = np.random.default_rng(1)
    layers = _layers(rng, [5, 16, 7, 4])
    X = rng.normal(size=(20, 5))
    h = X
    for W, b in layers[:-1]:
        h = np.maximum(0, h @ W + b)
    want = h @ layers[-1][0] + layers[-1][1]
    got = mlp_forward(X, layers)
    assert_allclose(got, want, rtol=1e-10, err_msg="ReLU after each hidden layer, raw logits at the end")
    assert np.any(np.asarray(got) < 0), "logits can be negative: no ReLU on the last layer"


def test_single_example_and_empty_batch() -> None:
    rng = np.random.default_rng(2)
    layers = _layers(rng, [3, 6, 2])
    out = mlp_forward(rng.normal(size=3), layers)
    assert np.shape(out) == (2,), f"a single example of shape (3,) gives shape (2,), got {np.shape(out)}"
    empty = mlp_forward(np.zeros((0, 3)), layers)
    assert np.shape(empty) == (0, 2), f"a batch of zero rows gives shape (0, 2), got {np.shape(empty)}"


def test_single_layer_is_linear() -> None:
    W = np.array([[2.0], [-1.0]])
    out = mlp_forward(np.array([[0.0, 3.0]]), [(W, np.array([0.0]))])
    assert_allclose(out, [[-3.0]], err_msg="with one layer there is no hidden layer, so no ReLU at all")


def _raises(X, layers, what):
    try:
        mlp_forward(X, layers)
    except ValueError:
        return
    raise AssertionError(f"{what}: expected ValueError")


def test_wrong_input_width() -> None:
    rng = np.random.default_rng(3)
    _raises(rng.normal(size=(2, 4)), _layers(rng, [5, 3]), "input has 4 features, W has 5 rows")


def test_wrong_hidden_width() -> None:
    rng = np.random.default_rng(4)
    layers = [(rng.normal(size=(4, 6)), np.zeros(6)), (rng.normal(size=(5, 2)), np.zeros(2))]
    _raises(rng.normal(size=(2, 4)), layers, "layer 1 expects 5 inputs but layer 0 outputs 6")


def test_bias_shape_and_empty_layers() -> None:
    rng = np.random.default_rng(5)
    _raises(rng.normal(size=(2, 4)), [(rng.normal(size=(4, 3)), np.zeros(1))], "b of shape (1,) for 3 outputs")
    _raises(rng.normal(size=(2, 4)), [(rng.normal(size=(4, 3)), np.zeros((1, 3)))], "b of shape (1, 3) instead of (3,)")
    _raises(rng.normal(size=(2, 4)), [], "no layers")
