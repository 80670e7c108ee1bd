import numpy as np


def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    """Mean and std over n_repeats of (baseline score - score with column j shuffled), per feature."""
    raise NotImplementedError
