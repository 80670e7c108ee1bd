import numpy as np


def ridge_fit(X, y, alpha):
    """Ridge coefficients (d,) and an unpenalised intercept (float).

    This version penalises the intercept by appending a column of ones: fix it.
    """
    X = np.asarray(X, dtype=float)
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.linalg.solve(A.T @ A + alpha * np.eye(A.shape[1]), A.T @ np.asarray(y, dtype=float))
    return theta[:-1], float(theta[-1])
