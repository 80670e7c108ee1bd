import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return exp(x) normalised to sum to 1 along `axis`, same shape as x."""
    e = np.exp(x)  # naive: overflows for large scores
    return e / e.sum(axis=axis, keepdims=True)
