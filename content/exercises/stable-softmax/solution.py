import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return exp(x) normalised to sum to 1 along `axis`, same shape as x."""
    x = np.asarray(x, dtype=float)
    shifted = x - np.max(x, axis=axis, keepdims=True)  # largest score becomes 0: exp <= 1
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)
