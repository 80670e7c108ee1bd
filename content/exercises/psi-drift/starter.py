import numpy as np


def psi(reference, current, n_bins=10, eps=1e-4):
    """Population stability index of `current` against `reference`, with quantile bins of the reference.

    This version uses equal-width bins over the reference's range (dropping current values outside it)
    and no eps: fix it.
    """
    edges = np.linspace(np.min(reference), np.max(reference), n_bins + 1)
    p_ref = np.histogram(reference, edges)[0] / len(reference)
    p_cur = np.histogram(current, edges)[0] / len(current)
    return float(np.sum((p_cur - p_ref) * np.log(p_cur / p_ref)))
