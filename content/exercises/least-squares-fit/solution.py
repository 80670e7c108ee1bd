import numpy as np


def fit_least_squares(X: np.ndarray, y: np.ndarray, fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    """Ordinary least squares; the minimum-norm solution when X is rank-deficient."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    A = np.hstack([X, np.ones((X.shape[0], 1))]) if fit_intercept else X
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)  # SVD-based: minimum norm when rank-deficient
    if fit_intercept:
        return beta[:-1], float(beta[-1])
    return beta, 0.0
