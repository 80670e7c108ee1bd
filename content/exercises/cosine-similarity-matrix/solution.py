import numpy as np


def cosine_similarity_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the (n, m) matrix of cosine similarities between rows of a and rows of b."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    norms_a = np.linalg.norm(a, axis=1, keepdims=True)  # (n, 1)
    norms_b = np.linalg.norm(b, axis=1, keepdims=True)  # (m, 1)
    # Normalise the non-zero rows; zero rows stay zero, so their similarities are 0.
    unit_a = np.divide(a, norms_a, out=np.zeros_like(a), where=norms_a > 0)
    unit_b = np.divide(b, norms_b, out=np.zeros_like(b), where=norms_b > 0)
    return np.clip(unit_a @ unit_b.T, -1.0, 1.0)
