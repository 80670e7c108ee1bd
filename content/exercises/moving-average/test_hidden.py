import numpy as np

from submission import moving_average


def test_first_window_included() -> None:
    got = moving_average(np.array([10.0, 0.0, 0.0, 0.0]), 2)
    np.testing.assert_allclose(got, [5.0, 0.0, 0.0], atol=1e-12, err_msg="the first window [10, 0] has mean 5")


def test_window_one_and_full_length() -> None:
    x = np.array([3.0, -1.0, 4.0, 1.5])
    np.testing.assert_allclose(moving_average(x, 1), x, atol=1e-12, err_msg="a window of 1 returns the values themselves")
    got = moving_average(x, 4)
    assert np.shape(got) == (1,), f"a window equal to the length gives one mean, got shape {np.shape(got)}"
    np.testing.assert_allclose(got, [1.875], atol=1e-12, err_msg="the mean of all four values")


def test_window_longer_than_series() -> None:
    got = moving_average(np.array([1.0, 2.0]), 5)
    assert isinstance(got, np.ndarray) and got.shape == (0,), f"no full window: expected an empty array, got {got!r}"
    assert got.dtype.kind == "f", f"the empty result is still a float array, got {got.dtype}"


def test_integer_input() -> None:
    got = moving_average(np.array([1, 2, 2, 5]), 2)
    assert got.dtype.kind == "f", f"expected floats, got {got.dtype}"
    np.testing.assert_allclose(got, [1.5, 2.0, 3.5], atol=1e-12, err_msg="(1+2)/2 is 1.5, not 1")


def test_invalid_window() -> None:
    for w in (0, -3):
        try:
            moving_average(np.arange(5.0), w)
        except ValueError:
            continue
        raise AssertionError(f"window={w} must raise ValueError")


def test_long_series() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=100_000)
    got = moving_average(x, 50)
    assert got.shape == (99_951,), f"expected 99951 means, got {got.shape}"
    for i in (0, 12_345, 99_950):
        assert abs(got[i] - x[i : i + 50].mean()) < 1e-9, f"wrong mean at position {i}"
