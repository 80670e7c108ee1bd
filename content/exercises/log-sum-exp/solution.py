import numpy as np


def logsumexp(a: np.ndarray, axis: int | None = None) -> float | np.ndarray:
    """log(sum(exp(a))) over `axis` (all elements when axis is None)."""
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    # Shift by the maximum so the largest term is exp(0) = 1. An infinite maximum
    # (all -inf, or a +inf) would give -inf - -inf = nan, so shift by 0 there instead.
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)


def log_posterior(log_prior: np.ndarray, log_likelihood: np.ndarray) -> np.ndarray:
    """Normalised log P(h | data) from log P(h) and log P(data | h)."""
    log_joint = np.asarray(log_prior, dtype=float) + np.asarray(log_likelihood, dtype=float)
    return log_joint - logsumexp(log_joint)
