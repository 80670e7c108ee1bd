from typing import Callable

import numpy as np


def bootstrap_ci(data: np.ndarray, statistic: Callable[[np.ndarray], float] = np.mean,
                 n_resamples: int = 5000, confidence: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval for statistic(data), reproducible for a seed."""
    data = np.asarray(data)
    if data.size == 0:
        raise ValueError("data is empty")
    if n_resamples < 1:
        raise ValueError("n_resamples must be at least 1")
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be strictly between 0 and 1")
    rng = np.random.default_rng(seed)
    n = len(data)
    idx = rng.integers(0, n, size=(n_resamples, n))
    stats = np.array([statistic(data[row]) for row in idx], dtype=float)
    alpha = 1.0 - confidence
    low, high = np.percentile(stats, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)
