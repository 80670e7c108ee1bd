import numpy as np


def _shares(values: np.ndarray, cuts: np.ndarray, eps: float) -> np.ndarray:
    bins = np.searchsorted(cuts, values, side="right")
    shares = np.bincount(bins, minlength=cuts.size + 1) / values.size
    return np.maximum(shares, eps)


def psi(reference, current, n_bins=10, eps=1e-4):
    """Population stability index of `current` against `reference`, with quantile bins of the reference."""
    reference = np.asarray(reference, dtype=float).ravel()
    current = np.asarray(current, dtype=float).ravel()
    if reference.size == 0 or current.size == 0:
        raise ValueError("reference and current must be non-empty")
    if n_bins < 2:
        raise ValueError(f"n_bins must be at least 2, got {n_bins}")
    cuts = np.unique(np.quantile(reference, np.linspace(0, 1, n_bins + 1)[1:-1]))
    p_ref = _shares(reference, cuts, eps)
    p_cur = _shares(current, cuts, eps)
    return float(np.sum((p_cur - p_ref) * np.log(p_cur / p_ref)))
