import numpy as np


def gini(y):
    """Gini impurity 1 - sum(p_k ** 2) of a label array; 0.0 when empty."""
    raise NotImplementedError


def best_split(X, y):
    """(feature, threshold, gain) of the split with the largest Gini gain, or None."""
    raise NotImplementedError
