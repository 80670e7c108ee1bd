import numpy as np


def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    """Mean and std over n_repeats of (baseline score - score with column j shuffled), per feature."""
    X = np.asarray(X)
    n, d = X.shape
    rng = np.random.default_rng(seed)
    baseline = metric(y, predict(X))
    importances = np.empty((d, n_repeats))
    shuffled = X.copy()  # one working copy; the caller's X is never touched
    for j in range(d):
        original = shuffled[:, j].copy()
        for r in range(n_repeats):
            shuffled[:, j] = X[rng.permutation(n), j]
            importances[j, r] = baseline - metric(y, predict(shuffled))
        shuffled[:, j] = original
    return importances.mean(axis=1), importances.std(axis=1)
