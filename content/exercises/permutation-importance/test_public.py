import numpy as np

from submission import permutation_importance


def accuracy(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def test_shapes_and_the_used_feature() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = (X[:, 1] > 0).astype(int)
    predict = lambda A: (A[:, 1] > 0).astype(int)  # the model uses feature 1 only
    mean, std = permutation_importance(predict, X, y, accuracy, n_repeats=4, seed=0)
    assert np.shape(mean) == (3,) and np.shape(std) == (3,), f"one value per feature, got {np.shape(mean)} and {np.shape(std)}"
    assert mean[1] > 0.3, f"shuffling the only useful feature drops accuracy from 1.0 to about 0.5; got {mean[1]}"


def test_ignored_features_score_zero() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3))
    y = (X[:, 0] > 0).astype(int)
    mean, std = permutation_importance(lambda A: (A[:, 0] > 0).astype(int), X, y, accuracy, n_repeats=3)
    assert mean[1] == 0.0 and mean[2] == 0.0, f"features the model never reads have importance exactly 0, got {mean}"
