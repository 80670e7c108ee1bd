import math


def two_proportion_ztest(successes_a, n_a, successes_b, n_b):
    """(z, two-sided p-value) of the pooled two-proportion z-test; z > 0 when B converts better."""
    successes_a, n_a, successes_b, n_b = (int(v) for v in (successes_a, n_a, successes_b, n_b))
    if n_a <= 0 or n_b <= 0:
        raise ValueError("sample sizes must be positive")
    if not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("success counts must lie between 0 and their sample size")
    pooled = (successes_a + successes_b) / (n_a + n_b)
    if pooled in (0.0, 1.0):
        return 0.0, 1.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = (successes_b / n_b - successes_a / n_a) / se
    return float(z), float(math.erfc(abs(z) / math.sqrt(2)))
