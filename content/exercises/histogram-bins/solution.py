import numpy as np


def _check_edges(edges: np.ndarray) -> np.ndarray:
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or len(edges) < 2:
        raise ValueError("edges needs at least two entries")
    if not np.all(np.diff(edges) > 0):
        raise ValueError("edges must be strictly increasing")
    return edges


def assign_bins(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin index 0..k-1 of each value (last bin closed on the right), -1 outside or nan."""
    edges = _check_edges(edges)
    values = np.asarray(values, dtype=float)
    k = len(edges) - 1
    # side="right": a value equal to edges[j] lands in bin j (half-open bins).
    idx = np.searchsorted(edges, values, side="right") - 1
    idx[values == edges[-1]] = k - 1  # the last bin is closed on the right
    outside = (values < edges[0]) | (values > edges[-1]) | np.isnan(values)
    idx[outside] = -1
    return idx.astype(np.int64)


def bin_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Number of values in each of the k bins."""
    edges = _check_edges(edges)
    idx = assign_bins(values, edges)
    return np.bincount(idx[idx >= 0], minlength=len(edges) - 1).astype(np.int64)
