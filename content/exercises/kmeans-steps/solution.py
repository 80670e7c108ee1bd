import numpy as np


def assign_clusters(X, centroids):
    """Index of the nearest centroid for each row of X (ties: lowest index). Shape (n,), int."""
    X = np.asarray(X, dtype=float)
    C = np.asarray(centroids, dtype=float)
    sq_dist = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)  # (n, k)
    return np.argmin(sq_dist, axis=1)  # argmin returns the first minimum on ties


def update_centroids(X, labels, centroids):
    """Mean of each cluster's rows; an empty cluster keeps its old centroid. Shape (k, d), float."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    new = np.array(centroids, dtype=float)  # a copy: never modify the caller's array
    k = new.shape[0]
    counts = np.bincount(labels, minlength=k)
    sums = np.zeros_like(new)
    np.add.at(sums, labels, X)
    filled = counts > 0
    new[filled] = sums[filled] / counts[filled, None]
    return new
