import numpy as np

from submission import cosine_similarity_matrix


def test_axis_vectors() -> None:
    a = np.array([[1.0, 0.0], [0.0, 2.0]])
    b = np.array([[3.0, 0.0], [-1.0, 0.0], [1.0, 1.0]])
    got = cosine_similarity_matrix(a, b)
    assert got.shape == (2, 3), f"expected shape (2, 3), got {got.shape}"
    s = 1 / np.sqrt(2)
    np.testing.assert_allclose(got, [[1.0, -1.0, s], [0.0, 0.0, s]], atol=1e-12, err_msg="wrong similarities")


def test_matches_pairwise_formula() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(4, 5)), rng.normal(size=(3, 5))
    got = cosine_similarity_matrix(a, b)
    i, j = 2, 1
    expected = a[i] @ b[j] / (np.linalg.norm(a[i]) * np.linalg.norm(b[j]))
    assert np.isclose(got[i, j], expected, rtol=1e-10), f"result[2, 1] should be {expected}, got {got[i, j]}"
