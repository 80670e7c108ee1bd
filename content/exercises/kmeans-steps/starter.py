import numpy as np


def assign_clusters(X, centroids):
    """Index of the nearest centroid for each row of X (ties: lowest index). Shape (n,), int."""
    raise NotImplementedError


def update_centroids(X, labels, centroids):
    """Mean of each cluster's rows; an empty cluster keeps its old centroid. Shape (k, d), float."""
    raise NotImplementedError
