import numpy as np

from submission import bootstrap_ci


def _recipe(data, statistic, n_resamples, confidence, seed):
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(data), size=(n_resamples, len(data)))
    stats = np.array([statistic(data[r]) for r in idx], dtype=float)
    a = 1 - confidence
    return tuple(float(v) for v in np.percentile(stats, [100 * a / 2, 100 * (1 - a / 2)]))


def _raises(*args, **kwargs) -> bool:
    try:
        bootstrap_ci(*args, **kwargs)
    except ValueError:
        return True
    return False


def test_matches_the_recipe() -> None:
    data = np.random.default_rng(3).exponential(scale=5.0, size=80)
    for seed in (0, 1, 123):
        got = bootstrap_ci(data, n_resamples=1000, seed=seed)
        expected = _recipe(data, np.mean, 1000, 0.95, seed)
        np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg=f"seed {seed}: follow the recipe (default_rng(seed), integers with size=(n_resamples, n))")


def test_median_and_confidence() -> None:
    data = np.random.default_rng(4).lognormal(size=60)
    got = bootstrap_ci(data, statistic=np.median, n_resamples=800, confidence=0.9, seed=2)
    expected = _recipe(data, np.median, 800, 0.9, 2)
    np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg="a 90% interval for the median: percentiles 5 and 95")


def test_wider_for_higher_confidence() -> None:
    data = np.random.default_rng(5).normal(size=100)
    lo80, hi80 = bootstrap_ci(data, n_resamples=1000, confidence=0.8, seed=0)
    lo99, hi99 = bootstrap_ci(data, n_resamples=1000, confidence=0.99, seed=0)
    assert lo99 < lo80 and hi80 < hi99, f"a 99% interval must contain the 80% one: ({lo99:.3f}, {hi99:.3f}) vs ({lo80:.3f}, {hi80:.3f})"


def test_constant_and_integer_data() -> None:
    got = bootstrap_ci(np.full(15, 4.2), n_resamples=100, seed=0)
    np.testing.assert_allclose(got, (4.2, 4.2), rtol=1e-12, err_msg="constant data: every resample has the same mean")
    data = np.array([1, 2, 2, 3, 7, 8, 9, 9, 10])
    got = bootstrap_ci(data, n_resamples=300, seed=9)
    assert all(isinstance(v, float) for v in got), f"return two floats, got {got!r}"
    np.testing.assert_allclose(got, _recipe(data, np.mean, 300, 0.95, 9), rtol=1e-12, err_msg="integer data")


def test_data_not_modified_and_errors() -> None:
    data = np.array([3.0, 1.0, 2.0])
    bootstrap_ci(data, n_resamples=50)
    np.testing.assert_array_equal(data, [3.0, 1.0, 2.0], err_msg="do not shuffle or sort the data in place")
    assert _raises(np.array([])), "empty data must raise ValueError"
    assert _raises(data, n_resamples=0), "n_resamples=0 must raise ValueError"
    assert _raises(data, confidence=1.0), "confidence=1 must raise ValueError"
    assert _raises(data, confidence=0.0), "confidence=0 must raise ValueError"
