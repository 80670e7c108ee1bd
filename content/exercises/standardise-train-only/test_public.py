import numpy as np

from submission import Standardiser


def test_fit_transform_train() -> None:
    X = np.array([[1.0, 10.0], [3.0, 30.0]])
    got = Standardiser().fit_transform(X)
    np.testing.assert_allclose(got, [[-1.0, -1.0], [1.0, 1.0]], atol=1e-12, err_msg="mean 0 and population std 1 per column")


def test_fitted_statistics() -> None:
    scaler = Standardiser().fit(np.array([[0.0], [2.0], [4.0]]))
    np.testing.assert_allclose(scaler.mean_, [2.0], err_msg="mean_ of [0, 2, 4]")
    np.testing.assert_allclose(scaler.scale_, [np.sqrt(8 / 3)], err_msg="scale_ uses ddof=0: sqrt(8/3)")
