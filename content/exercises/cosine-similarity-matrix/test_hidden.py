import numpy as np

from submission import cosine_similarity_matrix


def test_zero_rows_give_zero() -> None:
    a = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 2.0]])
    b = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    with np.errstate(all="ignore"):
        got = cosine_similarity_matrix(a, b)
    assert not np.isnan(got).any(), f"zero vectors must give 0.0, not nan: {got}"
    np.testing.assert_allclose(got, [[0.0, 0.0], [1 / 3, 0.0]], atol=1e-12, err_msg="a zero vector has similarity 0 with everything")


def test_against_brute_force() -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(size=(7, 4))
    b = rng.normal(size=(2, 4))
    a[3] = 0.0
    with np.errstate(all="ignore"):
        got = cosine_similarity_matrix(a, b)
    assert got.shape == (7, 2), f"expected shape (7, 2), got {got.shape}"
    expected = np.zeros((7, 2))
    for i in range(7):
        for j in range(2):
            na, nb = np.linalg.norm(a[i]), np.linalg.norm(b[j])
            expected[i, j] = 0.0 if na == 0 or nb == 0 else a[i] @ b[j] / (na * nb)
    np.testing.assert_allclose(got, expected, atol=1e-12, err_msg="wrong similarities on a random 7x4 against 2x4")


def test_integer_input() -> None:
    got = cosine_similarity_matrix(np.array([[3, 4]]), np.array([[4, 3], [0, 0]]))
    assert got.dtype.kind == "f", f"expected a float result, got dtype {got.dtype}"
    np.testing.assert_allclose(got, [[24 / 25, 0.0]], atol=1e-12, err_msg="integer rows: (3,4).(4,3) / 25")


def test_range_is_clipped() -> None:
    rng = np.random.default_rng(2)
    base = rng.normal(size=(50, 3))
    scaled = base * rng.uniform(1e-3, 1e3, size=(50, 1))
    got = cosine_similarity_matrix(base, np.vstack([scaled, -scaled]))
    assert got.max() <= 1.0 and got.min() >= -1.0, f"values must lie in [-1, 1], got range [{got.min()!r}, {got.max()!r}]"
    np.testing.assert_allclose(np.diag(got[:, :50]), np.ones(50), atol=1e-12, err_msg="parallel vectors have similarity 1")


def test_inputs_not_modified() -> None:
    a = np.array([[1.0, 1.0], [0.0, 0.0]])
    b = np.array([[2.0, 0.0]])
    a0, b0 = a.copy(), b.copy()
    with np.errstate(all="ignore"):
        cosine_similarity_matrix(a, b)
    np.testing.assert_array_equal(a, a0, err_msg="do not normalise `a` in place")
    np.testing.assert_array_equal(b, b0, err_msg="do not normalise `b` in place")
