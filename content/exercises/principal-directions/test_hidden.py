import numpy as np

from submission import principal_directions


def _data(seed: int = 1, shift: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(500, 2)) * [3.0, 0.5]
    angle = np.pi / 6
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return z @ rot.T + shift


def test_matches_numpy_covariance() -> None:
    X = _data()
    variances, components = principal_directions(X)
    values = np.sort(np.linalg.eigvalsh(np.cov(X, rowvar=False)))[::-1]
    np.testing.assert_allclose(variances, values, rtol=1e-10, err_msg="variances are the eigenvalues of np.cov(X, rowvar=False), largest first")
    expected_first = np.array([np.cos(np.pi / 6), np.sin(np.pi / 6)])
    assert abs(components[0] @ expected_first) > 0.99, f"the first direction should be near 30 degrees, got {components[0]}"


def test_data_far_from_origin() -> None:
    X = _data(shift=1000.0)
    variances, components = principal_directions(X)
    ref_var, ref_comp = principal_directions(X - X.mean(axis=0))
    np.testing.assert_allclose(variances, ref_var, rtol=1e-8, err_msg="shifting the data must not change the variances: centre it first")
    np.testing.assert_allclose(components, ref_comp, atol=1e-8, err_msg="shifting the data must not change the directions")


def test_sign_rule_and_orthonormal_rows() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(100, 4)) @ rng.normal(size=(4, 4))
    variances, components = principal_directions(X)
    assert np.all(np.diff(variances) <= 1e-12), f"variances must decrease, got {variances}"
    np.testing.assert_allclose(components @ components.T, np.eye(4), atol=1e-10, err_msg="rows must be orthonormal")
    biggest = components[np.arange(4), np.argmax(np.abs(components), axis=1)]
    assert np.all(biggest > 0), f"the largest-magnitude entry of each row must be positive, got {biggest}"
    cov = np.cov(X, rowvar=False)
    for k in range(4):
        np.testing.assert_allclose(cov @ components[k], variances[k] * components[k], atol=1e-8, err_msg=f"row {k} is not an eigenvector of its variance")


def test_duplicated_feature() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=50)
    variances, components = principal_directions(np.column_stack([x, x]))
    assert np.all(variances >= 0.0), f"variances cannot be negative, got {variances}"
    assert abs(variances[1]) < 1e-10, f"x and a copy of x vary along one direction only, got {variances}"
    np.testing.assert_allclose(components[0], [2**-0.5, 2**-0.5], atol=1e-8, err_msg="the first direction is the diagonal (1, 1)/sqrt(2)")
