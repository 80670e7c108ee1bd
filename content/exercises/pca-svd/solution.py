import numpy as np


def pca(X, n_components):
    """(scores (n, k), components (k, d), explained_variance_ratio (k,)) of centred X, with the
    largest-magnitude entry of each component positive."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    if not 1 <= n_components <= min(n, d):
        raise ValueError(f"n_components must be between 1 and {min(n, d)}, got {n_components}")
    Xc = X - X.mean(axis=0)  # a new array: X is untouched
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    components = Vt[:n_components]
    pivot = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(n_components), pivot])
    components = components * signs[:, None]
    variance = s ** 2
    return Xc @ components.T, components, variance[:n_components] / variance.sum()
