import numpy as np

from submission import Standardiser


def test_test_rows_use_training_statistics() -> None:
    train = np.array([[0.0, 100.0], [10.0, 300.0]])  # means (5, 200), stds (5, 100)
    test = np.array([[20.0, 200.0], [20.0, 400.0], [5.0, 250.0]])
    got = Standardiser().fit(train).transform(test)
    np.testing.assert_allclose(got, [[3.0, 0.0], [3.0, 2.0], [0.0, 0.5]], atol=1e-12, err_msg="test rows must be scaled with the training mean and std, not their own")
    single = Standardiser().fit(train).transform(np.array([[10.0, 100.0]]))
    np.testing.assert_allclose(single, [[1.0, -1.0]], atol=1e-12, err_msg="a single test row is scaled with training statistics too")


def test_constant_column() -> None:
    X = np.array([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]])
    scaler = Standardiser()
    with np.errstate(all="ignore"):
        got = scaler.fit_transform(X)
    assert np.all(np.isfinite(got)), f"a constant column must not give nan or inf: {got}"
    np.testing.assert_allclose(got[:, 0], [0.0, 0.0, 0.0], err_msg="a constant column maps to 0")
    np.testing.assert_allclose(scaler.scale_, [1.0, np.sqrt(2 / 3)], err_msg="zero spread gets scale_ 1.0")
    with np.errstate(all="ignore"):
        shifted = scaler.transform(np.array([[7.0, 2.0]]))
    np.testing.assert_allclose(shifted, [[2.0, 0.0]], atol=1e-12, err_msg="new values in a constant column are shifted by the mean, divided by 1")


def test_refit_replaces_statistics_and_integers() -> None:
    scaler = Standardiser().fit(np.array([[100.0], [300.0]]))
    got = scaler.fit(np.array([[1], [2], [3], [4]])).transform(np.array([[1], [4]]))
    assert got.dtype.kind == "f", f"the result must be floats, got {got.dtype}"
    sd = np.std([1, 2, 3, 4])
    np.testing.assert_allclose(got, [[-1.5 / sd], [1.5 / sd]], atol=1e-12, err_msg="a second fit replaces the first one's statistics")


def test_errors() -> None:
    try:
        Standardiser().transform(np.ones((2, 2)))
    except RuntimeError:
        pass
    else:
        raise AssertionError("transform before fit must raise RuntimeError")
    scaler = Standardiser().fit(np.ones((3, 2)))
    try:
        scaler.transform(np.ones((3, 3)))
    except ValueError:
        pass
    else:
        raise AssertionError("3 columns after fitting on 2 must raise ValueError")


def test_inputs_not_modified() -> None:
    train = np.array([[1.0, 2.0], [3.0, 5.0]])
    test = np.array([[2.0, 2.0]])
    t0, s0 = train.copy(), test.copy()
    Standardiser().fit(train).transform(test)
    Standardiser().fit_transform(train)
    np.testing.assert_array_equal(train, t0, err_msg="fit/fit_transform must not change the training array")
    np.testing.assert_array_equal(test, s0, err_msg="transform must not change its input")
