from typing import Callable

import numpy as np


def bootstrap_ci(data: np.ndarray, statistic: Callable[[np.ndarray], float] = np.mean,
                 n_resamples: int = 5000, confidence: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval for statistic(data), reproducible for a seed."""
    stats = [statistic(np.random.choice(data, len(data))) for _ in range(n_resamples)]  # global RNG, seed ignored
    return float(np.percentile(stats, 2.5)), float(np.percentile(stats, 97.5))  # ignores confidence
