import numpy as np


def principal_directions(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (variances in decreasing order, unit eigenvectors as rows) of the sample covariance."""
    X = np.asarray(X, dtype=float)
    cov = X.T @ X / len(X)  # not centred, divides by n
    values, vectors = np.linalg.eigh(cov)
    return values, vectors.T
