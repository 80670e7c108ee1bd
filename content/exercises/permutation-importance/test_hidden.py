import numpy as np
from numpy.testing import assert_allclose

from submission import permutation_importance


def accuracy(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def neg_mse(y_true, y_pred):
    return -float(np.mean((y_true - y_pred) ** 2))


def _reference(predict, X, y, metric, n_repeats, seed):
    rng = np.random.default_rng(seed)
    base = metric(y, predict(X))
    out = np.zeros((X.shape[1], n_repeats))
    for j in range(X.shape[1]):
        for r in range(n_repeats):
            Xp = X.copy()
            Xp[:, j] = X[rng.permutation(len(X)), j]
            out[j, r] = base - metric(y, predict(Xp))
    return out.mean(axis=1), out.std(axis=1)


def _linear_model():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(80, 4))
    w = np.array([3.0, 0.0, -1.0, 0.5])
    y = X @ w + 0.1 * rng.normal(size=80)
    return (lambda A: A @ w), X, y


def test_exact_values_follow_the_recipe() -> None:
    predict, X, y = _linear_model()
    mean, std = permutation_importance(predict, X, y, neg_mse, n_repeats=6, seed=11)
    want_mean, want_std = _reference(predict, X, y, neg_mse, 6, 11)
    assert_allclose(mean, want_mean, rtol=1e-10, atol=1e-12, err_msg="means differ: draw rng.permutation(n) per feature, then per repeat")
    assert_allclose(std, want_std, rtol=1e-10, atol=1e-12, err_msg="stds differ: use np.std (ddof=0)")


def test_x_is_not_modified() -> None:
    predict, X, y = _linear_model()
    before = X.copy()
    permutation_importance(predict, X, y, neg_mse, n_repeats=3, seed=0)
    assert np.array_equal(X, before), "X was modified: shuffle a copy, the caller's data must be unchanged"


def test_ordering_by_weight() -> None:
    predict, X, y = _linear_model()
    mean, _ = permutation_importance(predict, X, y, neg_mse, n_repeats=10, seed=2)
    assert mean[1] == 0.0, f"weight 0: importance exactly 0, got {mean[1]}"
    assert mean[0] > mean[2] > mean[3] > 0, f"importances should follow |w| = 3 > 1 > 0.5, got {mean}"


def test_one_repeat_has_zero_std() -> None:
    predict, X, y = _linear_model()
    _, std = permutation_importance(predict, X, y, neg_mse, n_repeats=1, seed=5)
    assert_allclose(std, 0.0, err_msg="one repeat: the standard deviation is 0")


def test_reproducible_with_a_seed() -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    predict = lambda A: (A[:, 0] + A[:, 1] > 0).astype(int)
    a = permutation_importance(predict, X, y, accuracy, n_repeats=5, seed=9)
    b = permutation_importance(predict, X, y, accuracy, n_repeats=5, seed=9)
    assert_allclose(a[0], b[0], err_msg="the same seed must give the same importances")
    assert_allclose(a[0], _reference(predict, X, y, accuracy, 5, 9)[0], err_msg="accuracy-based importances differ from the recipe")
