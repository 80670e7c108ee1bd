import numpy as np

from submission import numerical_grad


def f_quadratic(v: np.ndarray) -> float:
    x, y = v
    return x**2 + 3 * x * y + y**2


def test_quadratic_two_variables() -> None:
    got = numerical_grad(f_quadratic, np.array([1.0, 2.0]))
    # analytic gradient: (2x + 3y, 3x + 2y) = (8, 7)
    np.testing.assert_allclose(got, [8.0, 7.0], atol=1e-6, err_msg="gradient of x^2 + 3xy + y^2 at (1, 2)")


def test_shape_and_dtype() -> None:
    got = numerical_grad(lambda v: float(np.sum(v**2)), np.array([0.5, -1.0, 2.0]))
    assert got.shape == (3,), f"expected shape (3,), got {got.shape}"
    assert got.dtype.kind == "f", f"expected floats, got {got.dtype}"
    np.testing.assert_allclose(got, [1.0, -2.0, 4.0], atol=1e-6, err_msg="gradient of sum(v^2) is 2v")
