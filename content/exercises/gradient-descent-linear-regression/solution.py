import numpy as np


def fit_linear_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.1,
                  n_iters: int = 1000) -> tuple[np.ndarray, float, list[float]]:
    """Batch gradient descent on the MSE. Returns (w, b, losses before each update)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    losses: list[float] = []
    for _ in range(n_iters):
        r = X @ w + b - y
        losses.append(float(np.mean(r**2)))
        grad_w = (2.0 / n) * (X.T @ r)
        grad_b = (2.0 / n) * float(np.sum(r))
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b), losses
