import numpy as np

from submission import assign_bins, bin_counts


def test_simple_bins() -> None:
    edges = np.array([0.0, 1.0, 2.0, 3.0])
    got = assign_bins(np.array([0.5, 1.5, 2.5, 0.1]), edges)
    np.testing.assert_array_equal(got, [0, 1, 2, 0], err_msg="each value goes in the bin that contains it")


def test_counts_match_numpy() -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=1000)
    edges = np.linspace(-2, 2, 9)
    got = bin_counts(values, edges)
    np.testing.assert_array_equal(got, np.histogram(values, edges)[0], err_msg="counts must match np.histogram")
