import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-log(1 + exp(-z))) never overflows and is exact at both tails.
    return np.exp(-np.logaddexp(0.0, -z))


def logistic_loss_and_grad(w, b, X, y):
    """Mean binary cross-entropy of sigmoid(X @ w + b) against y, and its gradient.

    Returns (loss: float, grad_w: ndarray of shape (d,), grad_b: float).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    z = X @ np.asarray(w, dtype=float) + b
    # -[y log p + (1 - y) log(1 - p)] = log(1 + e^z) - y z
    loss = np.mean(np.logaddexp(0.0, z) - y * z)
    err = _sigmoid(z) - y
    n = y.shape[0]
    return float(loss), X.T @ err / n, float(err.mean())
