import numpy as np


def moving_average(x: np.ndarray, window: int) -> np.ndarray:
    """Means of every full run of `window` consecutive values; length n - window + 1."""
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    x = np.asarray(x, dtype=float)
    if window > len(x):
        return np.empty(0, dtype=float)
    c = np.concatenate([[0.0], np.cumsum(x)])  # c[i] = sum(x[:i])
    return (c[window:] - c[:-window]) / window
