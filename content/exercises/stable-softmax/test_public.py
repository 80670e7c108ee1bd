import numpy as np

from submission import softmax


def test_small_vector() -> None:
    got = softmax(np.array([1.0, 2.0, 3.0]))
    expected = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg="softmax([1, 2, 3]) is wrong")


def test_rows_sum_to_one() -> None:
    x = np.array([[0.0, 1.0], [5.0, 5.0]])
    got = softmax(x)
    assert got.shape == (2, 2), f"expected shape (2, 2), got {got.shape}"
    np.testing.assert_allclose(got.sum(axis=1), [1.0, 1.0], rtol=1e-12, err_msg="each row must sum to 1")
    np.testing.assert_allclose(got[1], [0.5, 0.5], rtol=1e-12, err_msg="equal scores give equal probabilities")
