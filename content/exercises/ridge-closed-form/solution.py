import numpy as np


def ridge_fit(X, y, alpha):
    """Ridge coefficients (d,) and an unpenalised intercept (float)."""
    if alpha < 0:
        raise ValueError(f"alpha must be non-negative, got {alpha}")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    x_mean = X.mean(axis=0)
    y_mean = y.mean()
    Xc = X - x_mean
    yc = y - y_mean
    d = X.shape[1]
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(d), Xc.T @ yc)
    return w, float(y_mean - x_mean @ w)
