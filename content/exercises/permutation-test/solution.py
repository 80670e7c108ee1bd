import numpy as np


def permutation_test(a: np.ndarray, b: np.ndarray, n_permutations: int = 10_000, seed: int = 0) -> tuple[float, float]:
    """(mean(b) - mean(a), two-sided permutation p-value with the +1 correction)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.size == 0 or b.size == 0:
        raise ValueError("both groups need at least one value")
    if n_permutations < 1:
        raise ValueError("n_permutations must be at least 1")
    d_obs = b.mean() - a.mean()
    pooled = np.concatenate([a, b])
    n_a = len(a)
    rng = np.random.default_rng(seed)
    count = 0
    for _ in range(n_permutations):
        s = rng.permutation(pooled)
        d = s[n_a:].mean() - s[:n_a].mean()
        if abs(d) >= abs(d_obs) - 1e-9:
            count += 1
    return float(d_obs), (count + 1) / (n_permutations + 1)
