import numpy as np


def assign_bins(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin index 0..k-1 of each value (last bin closed on the right), -1 outside or nan."""
    return np.digitize(values, edges) - 1  # 1-based, and the last edge falls outside


def bin_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Number of values in each of the k bins."""
    idx = assign_bins(values, edges)
    return np.bincount(idx[idx >= 0], minlength=len(edges) - 1)
