import numpy as np
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge

from submission import ridge_fit


def _data(seed, n=40, d=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(loc=3.0, size=(n, d))
    y = X @ rng.normal(size=d) + 7.0 + 0.1 * rng.normal(size=n)
    return X, y


def test_matches_sklearn() -> None:
    X, y = _data(0)
    for alpha in (0.01, 1.0, 30.0):
        w, c = ridge_fit(X, y, alpha)
        model = Ridge(alpha=alpha).fit(X, y)
        assert_allclose(w, model.coef_, rtol=1e-7, atol=1e-9, err_msg=f"alpha={alpha}: coefficients differ from Ridge")
        assert abs(c - model.intercept_) < 1e-7, f"alpha={alpha}: intercept {c} vs Ridge {model.intercept_}"


def test_intercept_is_not_penalised() -> None:
    X, y = _data(1)
    w, c = ridge_fit(X, y, 1e9)
    assert np.max(np.abs(w)) < 1e-5, f"a huge alpha shrinks every coefficient towards 0, got {w}"
    assert abs(c - y.mean()) < 1e-3, f"…but the intercept tends to mean(y) = {y.mean():.3f}, got {c:.3f}: do not penalise it"
    assert isinstance(c, float), f"return the intercept as a Python float, got {type(c).__name__}"


def test_collinear_columns() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=30)
    X = np.column_stack([x, x])
    y = 4.0 * x + 1.0
    w, c = ridge_fit(X, y, 0.1)
    assert np.all(np.isfinite(w)), "duplicated columns are fine with alpha > 0"
    assert_allclose(w[0], w[1], rtol=1e-9, err_msg="identical columns share the weight equally")
    assert_allclose(w, Ridge(alpha=0.1).fit(X, y).coef_, rtol=1e-7, err_msg="collinear case differs from Ridge")


def test_more_features_than_rows() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 15))
    y = rng.normal(size=6)
    w, c = ridge_fit(X, y, 2.0)
    model = Ridge(alpha=2.0).fit(X, y)
    assert np.shape(w) == (15,), f"expected shape (15,), got {np.shape(w)}"
    assert_allclose(w, model.coef_, rtol=1e-7, atol=1e-10, err_msg="d > n differs from Ridge")
    assert abs(c - model.intercept_) < 1e-7, "d > n: intercept differs from Ridge"


def test_integer_targets_and_negative_alpha() -> None:
    X = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 5.0], [4.0, 2.0]])
    y = np.array([1, 3, 2, 5])
    w, c = ridge_fit(X, y, 0.5)
    assert_allclose(w, Ridge(alpha=0.5).fit(X, y.astype(float)).coef_, rtol=1e-8, err_msg="integer y: compute in float")
    try:
        ridge_fit(X, y, -1.0)
    except ValueError:
        return
    raise AssertionError("alpha < 0 must raise ValueError")
