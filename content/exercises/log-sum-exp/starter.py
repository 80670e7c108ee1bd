import numpy as np


def logsumexp(a: np.ndarray, axis: int | None = None) -> float | np.ndarray:
    """log(sum(exp(a))) over `axis` (all elements when axis is None)."""
    return np.log(np.sum(np.exp(a), axis=axis))  # naive: overflows and underflows


def log_posterior(log_prior: np.ndarray, log_likelihood: np.ndarray) -> np.ndarray:
    """Normalised log P(h | data) from log P(h) and log P(data | h)."""
    joint = np.exp(np.asarray(log_prior) + np.asarray(log_likelihood))
    return np.log(joint / joint.sum())
