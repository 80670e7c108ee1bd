import numpy as np


def kfold_indices(n_samples, n_splits, shuffle=False, seed=None):
    """List of n_splits (train_idx, test_idx) pairs, both sorted int arrays."""
    if n_splits < 2:
        raise ValueError(f"n_splits must be at least 2, got {n_splits}")
    if n_splits > n_samples:
        raise ValueError(f"n_splits={n_splits} is greater than n_samples={n_samples}")
    order = np.random.default_rng(seed).permutation(n_samples) if shuffle else np.arange(n_samples)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - sizes, stops):
        in_test = np.zeros(n_samples, dtype=bool)
        in_test[order[start:stop]] = True
        folds.append((np.flatnonzero(~in_test), np.flatnonzero(in_test)))
    return folds
