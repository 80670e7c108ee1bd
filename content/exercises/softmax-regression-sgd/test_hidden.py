import numpy as np
from numpy.testing import assert_allclose

from submission import sgd_step


def _loss(W, b, X, y, l2):
    return sgd_step(W, b, X, y, lr=0.0, l2=l2)[2]


def _setup(seed, n=16, d=5, k=4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(d, k)), rng.normal(size=k), rng.normal(size=(n, d)), rng.integers(0, k, size=n)


def test_step_matches_finite_differences() -> None:
    W, b, X, y = _setup(0)
    lr, l2, h = 0.5, 0.1, 1e-6
    W_new, b_new, _ = sgd_step(W, b, X, y, lr, l2)
    grad_W = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W); E[idx] = h
        grad_W[idx] = (_loss(W + E, b, X, y, l2) - _loss(W - E, b, X, y, l2)) / (2 * h)
    assert_allclose((W - W_new) / lr, grad_W, rtol=1e-5, atol=1e-8, err_msg="the W update is not -lr times the gradient of the loss")
    grad_b = np.array([(_loss(W, b + e, X, y, l2) - _loss(W, b - e, X, y, l2)) / (2 * h) for e in np.eye(4) * h])
    assert_allclose((b - b_new) / lr, grad_b, rtol=1e-5, atol=1e-8, err_msg="the b update is not -lr times the gradient of the loss")


def test_huge_logits_stay_finite() -> None:
    W, b, X, y = _setup(1)
    W = W * 1000
    W_new, b_new, loss = sgd_step(W, b, X, y, lr=0.01)
    assert np.isfinite(loss), f"loss must be finite with logits in the thousands, got {loss}: use log-sum-exp"
    assert np.all(np.isfinite(W_new)) and np.all(np.isfinite(b_new)), "updates must be finite with huge logits"
    Z = X @ W + b
    m = Z.max(axis=1, keepdims=True)
    want = np.mean(m[:, 0] + np.log(np.exp(Z - m).sum(axis=1)) - Z[np.arange(len(y)), y])
    assert abs(loss - want) < 1e-6 * max(1.0, want), f"expected loss {want}, got {loss}"


def test_l2_penalises_weights_not_bias() -> None:
    W, b, X, y = _setup(2)
    W0, b0, loss0 = sgd_step(W, b, X, y, lr=0.1, l2=0.0)
    W1, b1, loss1 = sgd_step(W, b, X, y, lr=0.1, l2=0.5)
    assert_allclose(b1, b0, rtol=1e-12, err_msg="the bias update must not depend on l2")
    assert_allclose(W1, W0 - 0.1 * 0.5 * W, rtol=1e-10, atol=1e-12, err_msg="l2 adds l2 * W to the weight gradient")
    assert abs((loss1 - loss0) - 0.25 * np.sum(W ** 2)) < 1e-10, "the loss gains 0.5 * l2 * sum(W**2)"


def test_inputs_not_modified() -> None:
    W, b, X, y = _setup(3)
    W_copy, b_copy = W.copy(), b.copy()
    sgd_step(W, b, X, y, lr=1.0, l2=0.1)
    assert np.array_equal(W, W_copy), "W was modified in place: return a new array"
    assert np.array_equal(b, b_copy), "b was modified in place: return a new array"


def test_batch_of_one() -> None:
    W = np.zeros((2, 2))
    b = np.zeros(2)
    W_new, b_new, loss = sgd_step(W, b, np.array([[2.0, -1.0]]), np.array([1]), lr=1.0)
    assert abs(loss - np.log(2)) < 1e-12, f"two classes, equal logits: ln 2; got {loss}"
    assert_allclose(W_new, [[-1.0, 1.0], [0.5, -0.5]], err_msg="P - Y = [0.5, -0.5]; W_new = -outer(x, P - Y)")
    assert_allclose(b_new, [-0.5, 0.5], err_msg="b_new = -(P - Y)")
