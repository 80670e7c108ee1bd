import numpy as np


def forward_backward(X, y, params):
    """Mean BCE of a ReLU-hidden, sigmoid-output network and the gradient of every parameter.

    params: {"W1": (d, h), "b1": (h,), "W2": (h,), "b2": float}; returns (loss, grads) with the same keys.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = X.shape[0]

    # forward
    a = X @ W1 + b1                  # (n, h)
    r = np.maximum(0.0, a)           # (n, h)
    z = r @ W2 + b2                  # (n,)
    loss = np.mean(np.logaddexp(0.0, z) - y * z)   # stable BCE in terms of z
    p = np.exp(-np.logaddexp(0.0, -z))              # stable sigmoid

    # backward
    dz = (p - y) / n                 # (n,)
    dW2 = r.T @ dz                   # (h,)
    db2 = float(dz.sum())
    da = np.outer(dz, W2) * (a > 0)  # (n, h)
    dW1 = X.T @ da                   # (d, h)
    db1 = da.sum(axis=0)             # (h,)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
