import numpy as np


def mlp_forward(X, layers):
    """Logits of a ReLU MLP; layers is a list of (W, b) with W of shape (d_in, d_out)."""
    if not layers:
        raise ValueError("layers is empty")
    h = np.asarray(X, dtype=float)
    width = h.shape[-1]
    for i, (W, b) in enumerate(layers):
        W, b = np.asarray(W), np.asarray(b)
        if W.ndim != 2:
            raise ValueError(f"layer {i}: W must be 2-D, got shape {W.shape}")
        if W.shape[0] != width:
            raise ValueError(f"layer {i}: W has {W.shape[0]} rows but the input has {width} features")
        if b.shape != (W.shape[1],):
            raise ValueError(f"layer {i}: b has shape {b.shape}, expected ({W.shape[1]},)")
        width = W.shape[1]
    for i, (W, b) in enumerate(layers):
        h = h @ W + b
        if i < len(layers) - 1:
            h = np.maximum(0.0, h)
    return h
