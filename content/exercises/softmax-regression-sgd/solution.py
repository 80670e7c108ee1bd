import numpy as np


def sgd_step(W, b, X, y, lr, l2=0.0):
    """One SGD step of L2-regularised softmax regression on a mini-batch.

    Returns (W_new, b_new, loss at the current parameters).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    n = X.shape[0]
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)                   # shift: exp never overflows
    log_P = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -log_P[rows, y].mean() + 0.5 * l2 * np.sum(W ** 2)

    dZ = np.exp(log_P)
    dZ[rows, y] -= 1.0
    dZ /= n
    grad_W = X.T @ dZ + l2 * W
    grad_b = dZ.sum(axis=0)
    return W - lr * grad_W, b - lr * grad_b, float(loss)
