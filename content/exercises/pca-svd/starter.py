import numpy as np


def pca(X, n_components):
    """(scores (n, k), components (k, d), explained_variance_ratio (k,)) of centred X, with the
    largest-magnitude entry of each component positive."""
    raise NotImplementedError
