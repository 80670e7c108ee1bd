import numpy as np

from submission import pairwise_distances


def _brute(a, b):
    return np.array([[np.linalg.norm(x - y) for y in b] for x in a])


def test_matches_brute_force() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(30, 5)), rng.normal(size=(12, 5))
    got = pairwise_distances(a, b)
    assert got.shape == (30, 12), f"expected shape (30, 12), got {got.shape}"
    np.testing.assert_allclose(got, _brute(a, b), atol=1e-9, err_msg="differs from a brute-force loop")


def test_far_from_origin_no_nan() -> None:
    rng = np.random.default_rng(1)
    a = 1e6 + rng.normal(size=(40, 3))
    b = np.vstack([a[:5], a[:5] + 1e-9])  # identical and nearly identical points
    with np.errstate(all="ignore"):
        got = pairwise_distances(a, b)
    assert not np.isnan(got).any(), "nan found: round-off made a squared distance negative; clip at 0 before np.sqrt"
    assert (got >= 0).all(), "distances cannot be negative"
    np.testing.assert_allclose(got[10:, :], _brute(a[10:], b), atol=1e-2, err_msg="far from the origin the result should still be close")


def test_self_symmetric_zero_diagonal() -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(scale=100.0, size=(25, 4)) + 50.0
    a[7] = a[3]  # a duplicated point
    with np.errstate(all="ignore"):
        got = pairwise_distances(a)
    assert not np.isnan(got).any(), "nan found: clip negative round-off at 0"
    assert np.array_equal(got, got.T), "with b=None the result must be exactly symmetric"
    assert np.all(np.diag(got) == 0.0), f"with b=None the diagonal must be exactly 0, got max {np.diag(got).max()!r}"
    assert abs(got[3, 7]) < 1e-4, f"duplicated points are at distance 0, got {got[3, 7]}"


def test_integer_input_and_no_mutation() -> None:
    a = np.array([[0, 0], [1, 1]])
    b = np.array([[3, 4]])
    a0, b0 = a.copy(), b.copy()
    got = pairwise_distances(a, b)
    assert got.dtype.kind == "f", f"expected floats, got {got.dtype}"
    np.testing.assert_allclose(got, [[5.0], [np.sqrt(13.0)]], atol=1e-9, err_msg="integer points")
    np.testing.assert_array_equal(a, a0, err_msg="do not modify a")
    np.testing.assert_array_equal(b, b0, err_msg="do not modify b")
