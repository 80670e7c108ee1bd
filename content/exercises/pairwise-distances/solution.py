import numpy as np


def pairwise_distances(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """(n, m) Euclidean distances between rows of a and rows of b (b=None: a with itself)."""
    a = np.asarray(a, dtype=float)
    same = b is None
    b = a if same else np.asarray(b, dtype=float)
    sq_a = np.sum(a * a, axis=1)[:, None]  # (n, 1)
    sq_b = np.sum(b * b, axis=1)[None, :]  # (1, m)
    sq = sq_a + sq_b - 2.0 * (a @ b.T)     # (n, m) by broadcasting
    np.maximum(sq, 0.0, out=sq)            # round-off can go slightly negative
    dist = np.sqrt(sq)
    if same:
        dist = (dist + dist.T) / 2.0       # exactly symmetric
        np.fill_diagonal(dist, 0.0)        # exactly zero to itself
    return dist
