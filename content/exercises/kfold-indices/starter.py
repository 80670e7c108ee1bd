import numpy as np


def kfold_indices(n_samples, n_splits, shuffle=False, seed=None):
    """List of n_splits (train_idx, test_idx) pairs, both sorted int arrays.

    This version drops the remainder when n_samples is not divisible by n_splits,
    ignores shuffle and validates nothing: fix it.
    """
    size = n_samples // n_splits
    idx = np.arange(n_samples)
    folds = []
    for i in range(n_splits):
        test = idx[i * size:(i + 1) * size]
        train = np.setdiff1d(idx, test)
        folds.append((train, test))
    return folds
