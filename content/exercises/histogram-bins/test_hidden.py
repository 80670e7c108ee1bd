import numpy as np

from submission import assign_bins, bin_counts


def test_values_on_edges() -> None:
    edges = np.array([0.0, 1.0, 2.0, 4.0])
    got = assign_bins(np.array([0.0, 1.0, 2.0, 4.0, 3.999]), edges)
    np.testing.assert_array_equal(got, [0, 1, 2, 2, 2], err_msg="inner edges start the next bin; the last edge belongs to the last bin")


def test_outside_and_nan() -> None:
    edges = np.array([-1.0, 0.0, 1.0])
    got = assign_bins(np.array([-1.5, 1.0001, np.nan, -1.0, 0.0]), edges)
    np.testing.assert_array_equal(got, [-1, -1, -1, 0, 1], err_msg="below, above and nan are -1")
    counts = bin_counts(np.array([-1.5, 1.0001, np.nan, -1.0, 0.0, 1.0]), edges)
    np.testing.assert_array_equal(counts, [1, 2], err_msg="values marked -1 are not counted")


def test_empty_values_and_dtypes() -> None:
    edges = np.array([0.0, 5.0, 10.0])
    idx = assign_bins(np.array([], dtype=float), edges)
    assert idx.shape == (0,), f"no values: an empty index array, got shape {idx.shape}"
    counts = bin_counts(np.array([], dtype=float), edges)
    np.testing.assert_array_equal(counts, [0, 0], err_msg="no values: k zero counts")
    idx = assign_bins(np.array([1, 5, 10]), np.array([0, 5, 10]))
    assert idx.dtype.kind == "i", f"bin indices are integers, got {idx.dtype}"
    np.testing.assert_array_equal(idx, [0, 1, 1], err_msg="integer values and edges")
    assert bin_counts(np.array([7.0]), edges).dtype.kind == "i", "counts are integers"


def test_many_values_against_histogram() -> None:
    rng = np.random.default_rng(1)
    values = np.round(rng.uniform(-1, 11, size=5000), 1)  # many values sit exactly on edges
    edges = np.arange(0.0, 10.5, 0.5)
    np.testing.assert_array_equal(bin_counts(values, edges), np.histogram(values, edges)[0], err_msg="counts must match np.histogram, edges included")
    idx = assign_bins(values, edges)
    inside = idx >= 0
    assert np.all(edges[idx[inside]] <= values[inside]), "a value is never left of its bin's start"


def test_invalid_edges() -> None:
    for bad in (np.array([1.0]), np.array([0.0, 2.0, 1.0]), np.array([0.0, 1.0, 1.0, 2.0])):
        try:
            assign_bins(np.array([0.5]), bad)
        except ValueError:
            continue
        raise AssertionError(f"edges {bad.tolist()} must raise ValueError")
