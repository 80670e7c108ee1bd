import numpy as np


def ks_statistic(a, b):
    """max_x |F_a(x) - F_b(x)| for the empirical CDFs F(x) = mean(sample <= x)."""
    raise NotImplementedError
