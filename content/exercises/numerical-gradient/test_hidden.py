import numpy as np

from submission import numerical_grad


def test_cubic_needs_central_differences() -> None:
    x = np.array([3.0, -2.0, 1.5])
    got = numerical_grad(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(got, 3 * x**2, atol=1e-6, err_msg="one-sided differences have error ~h*f''/2; use central ones")


def test_matrix_input() -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 4))
    a = rng.normal(size=(4, 2))
    got = numerical_grad(lambda m: float(np.sum((m @ a) ** 2)), w)
    assert got.shape == (3, 4), f"a (3, 4) weight matrix needs a (3, 4) gradient, got {got.shape}"
    expected = 2 * (w @ a) @ a.T
    np.testing.assert_allclose(got, expected, atol=1e-6, err_msg="gradient of ||W A||^2 is 2 W A A^T")


def test_integer_input() -> None:
    x = np.array([1, 2])
    got = numerical_grad(lambda v: float(v[0] ** 2 + 3 * v[0] * v[1] + v[1] ** 2), x)
    np.testing.assert_allclose(got, [8.0, 7.0], atol=1e-6, err_msg="an int array cannot hold x + 1e-5: convert to float first")


def test_input_unchanged_and_not_passed_to_f() -> None:
    x = np.array([0.3, 0.7, -1.1])
    before = x.copy()
    seen_self = []

    def f(v: np.ndarray) -> float:
        seen_self.append(v is x or np.shares_memory(v, x))
        return float(np.sin(v).sum())

    got = numerical_grad(f, x)
    np.testing.assert_array_equal(x, before, err_msg="x must hold its original values after the call")
    assert not any(seen_self), "f received x itself: perturb a copy instead"
    np.testing.assert_allclose(got, np.cos(before), atol=1e-6, err_msg="gradient of sum(sin(v)) is cos(v)")


def test_custom_step() -> None:
    got = numerical_grad(lambda v: float(np.exp(v[0])), np.array([1.0]), h=1e-4)
    np.testing.assert_allclose(got, [np.e], rtol=1e-7, err_msg="use the h you are given")
