import numpy as np

from submission import bootstrap_ci


def test_interval_around_the_mean() -> None:
    data = np.random.default_rng(0).normal(loc=10.0, scale=2.0, size=200)
    low, high = bootstrap_ci(data, n_resamples=2000, seed=1)
    assert low < data.mean() < high, f"the interval ({low:.3f}, {high:.3f}) should contain the sample mean {data.mean():.3f}"
    assert 0.3 < high - low < 0.8, f"the width should be near 2 * 1.96 * 2 / sqrt(200) = 0.55, got {high - low:.3f}"


def test_reproducible() -> None:
    data = np.arange(20.0)
    assert bootstrap_ci(data, seed=5, n_resamples=500) == bootstrap_ci(data, seed=5, n_resamples=500), "the same seed must give the same interval"
