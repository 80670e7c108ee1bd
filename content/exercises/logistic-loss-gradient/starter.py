import numpy as np


def logistic_loss_and_grad(w, b, X, y):
    """Mean binary cross-entropy of sigmoid(X @ w + b) against y, and its gradient.

    Returns (loss: float, grad_w: ndarray of shape (d,), grad_b: float).
    This textbook version is correct on paper but breaks for large |z|: fix it.
    """
    z = X @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    err = p - y
    return float(loss), X.T @ err / len(y), float(np.mean(err))
