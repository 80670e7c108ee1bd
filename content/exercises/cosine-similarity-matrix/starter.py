import numpy as np


def cosine_similarity_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the (n, m) matrix of cosine similarities between rows of a and rows of b."""
    norms_a = np.linalg.norm(a, axis=1)
    norms_b = np.linalg.norm(b, axis=1)
    return (a @ b.T) / np.outer(norms_a, norms_b)  # zero vectors give nan
