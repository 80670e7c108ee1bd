import numpy as np

TOL = 1e-12


def gini(y):
    """Gini impurity 1 - sum(p_k ** 2) of a label array; 0.0 when empty."""
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    p = counts / y.size
    return float(1.0 - np.sum(p ** 2))


def _impurity(counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    return 1.0 - np.sum((counts / sizes[:, None]) ** 2, axis=1)


def best_split(X, y):
    """(feature, threshold, gain) of the split with the largest Gini gain, or None."""
    X = np.asarray(X, dtype=float)
    _, y_idx = np.unique(np.asarray(y), return_inverse=True)
    n, d = X.shape
    k = int(y_idx.max()) + 1 if n else 0
    parent = gini(y_idx)
    n_left = np.arange(1, n)
    n_right = n - n_left
    total = np.bincount(y_idx, minlength=k)
    best = None
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        left = np.cumsum(np.eye(k)[y_idx[order]], axis=0)[:-1]  # class counts of rows 0..i
        right = total - left
        gains = parent - (n_left * _impurity(left, n_left) + n_right * _impurity(right, n_right)) / n
        valid = np.flatnonzero(xs[:-1] < xs[1:])                 # only between distinct values
        if valid.size == 0:
            continue
        g = gains[valid]
        i = valid[np.flatnonzero(g >= g.max() - TOL)[0]]         # smallest threshold among ties
        if best is None or gains[i] > best[2] + TOL:
            best = (j, float((xs[i] + xs[i + 1]) / 2), float(gains[i]))
    if best is None or best[2] <= TOL:
        return None
    return best
