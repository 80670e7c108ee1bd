import numpy as np

from submission import fit_least_squares


def test_without_intercept() -> None:
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([1.0, 2.0, 4.0])
    coef, intercept = fit_least_squares(X, y, fit_intercept=False)
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(coef, expected, atol=1e-10, err_msg="without an intercept, solve X @ coef ~ y")
    assert intercept == 0.0, f"intercept must be 0.0 when fit_intercept=False, got {intercept}"


def test_duplicated_column_gives_min_norm() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=20)
    X = np.column_stack([x, x])  # the same feature twice
    y = 2.0 * x + 1.0
    coef, intercept = fit_least_squares(X, y)
    np.testing.assert_allclose(coef, [1.0, 1.0], atol=1e-8, err_msg="duplicate columns share the weight: the minimum-norm split of 2 is (1, 1)")
    assert abs(intercept - 1.0) < 1e-8, f"intercept should be 1, got {intercept}"


def test_zero_column() -> None:
    X = np.array([[1.0, 0.0], [2.0, 0.0], [4.0, 0.0]])
    y = np.array([2.0, 4.0, 8.0])
    coef, intercept = fit_least_squares(X, y, fit_intercept=False)
    np.testing.assert_allclose(coef, [2.0, 0.0], atol=1e-10, err_msg="an all-zero column gets weight 0 in the minimum-norm solution")


def test_more_columns_than_rows() -> None:
    X = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]])
    y = np.array([6.0, 2.0])
    coef, intercept = fit_least_squares(X, y)
    A = np.hstack([X, np.ones((2, 1))])
    beta = np.linalg.pinv(A) @ y
    np.testing.assert_allclose(coef, beta[:3], atol=1e-8, err_msg="underdetermined: return the minimum-norm [coef; intercept]")
    assert abs(intercept - beta[3]) < 1e-8, f"intercept should be {beta[3]:.6f}, got {intercept}"
    np.testing.assert_allclose(X @ coef + intercept, y, atol=1e-8, err_msg="with more columns than rows the fit is exact")


def test_output_types() -> None:
    coef, intercept = fit_least_squares(np.array([[1, 2], [3, 5], [4, 4], [0, 1]]), np.array([1, 2, 3, 4]))
    assert isinstance(coef, np.ndarray) and coef.shape == (2,), f"coef must be an array of shape (2,), got {type(coef)} {np.shape(coef)}"
    assert coef.dtype.kind == "f", f"coef must be floats, got {coef.dtype}"
    assert isinstance(intercept, float), f"intercept must be a float, got {type(intercept)}"
