import numpy as np

from submission import moving_average


def test_window_of_three() -> None:
    got = moving_average(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), 3)
    np.testing.assert_allclose(got, [2.0, 3.0, 4.0], rtol=1e-12, err_msg="means of [1,2,3], [2,3,4], [3,4,5]")


def test_length() -> None:
    got = moving_average(np.arange(10.0), 4)
    assert got.shape == (7,), f"10 values and a window of 4 give 10 - 4 + 1 = 7 means, got shape {got.shape}"
