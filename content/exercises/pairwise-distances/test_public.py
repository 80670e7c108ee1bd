import numpy as np

from submission import pairwise_distances


def test_three_four_five() -> None:
    got = pairwise_distances(np.array([[0.0, 0.0], [3.0, 4.0]]), np.array([[0.0, 0.0], [6.0, 8.0], [3.0, 0.0]]))
    assert got.shape == (2, 3), f"expected shape (2, 3), got {got.shape}"
    np.testing.assert_allclose(got, [[0.0, 10.0, 3.0], [5.0, 5.0, 4.0]], atol=1e-9, err_msg="wrong distances")


def test_self_distances() -> None:
    a = np.array([[1.0, 1.0], [4.0, 5.0]])
    got = pairwise_distances(a)
    np.testing.assert_allclose(got, [[0.0, 5.0], [5.0, 0.0]], atol=1e-9, err_msg="b=None compares a with itself")
