import numpy as np


def ks_statistic(a, b):
    """max_x |F_a(x) - F_b(x)| for the empirical CDFs F(x) = mean(sample <= x)."""
    a = np.sort(np.asarray(a, dtype=float).ravel())
    b = np.sort(np.asarray(b, dtype=float).ravel())
    if a.size == 0 or b.size == 0:
        raise ValueError("both samples must be non-empty")
    points = np.concatenate([a, b])
    cdf_a = np.searchsorted(a, points, side="right") / a.size  # counts every copy of a tied value
    cdf_b = np.searchsorted(b, points, side="right") / b.size
    return float(np.max(np.abs(cdf_a - cdf_b)))
