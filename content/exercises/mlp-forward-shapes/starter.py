import numpy as np


def mlp_forward(X, layers):
    """Logits of a ReLU MLP; layers is a list of (W, b) with W of shape (d_in, d_out).

    This version applies ReLU after every layer and checks no shapes: fix it.
    """
    h = np.asarray(X, dtype=float)
    for W, b in layers:
        h = np.maximum(0.0, h @ W + b)
    return h
