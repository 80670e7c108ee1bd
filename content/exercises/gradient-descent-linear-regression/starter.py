import numpy as np


def fit_linear_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.1,
                  n_iters: int = 1000) -> tuple[np.ndarray, float, list[float]]:
    """Batch gradient descent on the MSE. Returns (w, b, losses before each update)."""
    raise NotImplementedError
