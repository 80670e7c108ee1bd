import numpy as np


def principal_directions(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (variances in decreasing order, unit eigenvectors as rows) of the sample covariance."""
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=0)
    cov = centred.T @ centred / (len(X) - 1)
    values, vectors = np.linalg.eigh(cov)  # increasing order, eigenvectors in columns
    order = np.argsort(values)[::-1]
    variances = np.clip(values[order], 0.0, None)
    components = vectors[:, order].T
    # Fix the sign: the largest-magnitude entry of each row is positive.
    idx = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(len(components)), idx])
    components = components * signs[:, None]
    return variances, components
