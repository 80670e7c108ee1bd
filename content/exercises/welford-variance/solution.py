import math
from typing import Iterable


def running_stats(values: Iterable[float]) -> tuple[int, float, float]:
    """(count, mean, sample variance) in one pass over values."""
    n = 0
    mean = 0.0
    m2 = 0.0  # sum of squared deviations from the current mean
    for x in values:
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    if n == 0:
        return 0, math.nan, math.nan
    variance = m2 / (n - 1) if n > 1 else math.nan
    return n, float(mean), float(variance)
