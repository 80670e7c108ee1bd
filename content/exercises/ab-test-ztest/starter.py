import math


def two_proportion_ztest(successes_a, n_a, successes_b, n_b):
    """(z, two-sided p-value) of the pooled two-proportion z-test; z > 0 when B converts better."""
    raise NotImplementedError
