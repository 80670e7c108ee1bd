import numpy as np

from submission import fit_least_squares


def test_exact_line() -> None:
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = 3.0 * x[:, 0] + 2.0
    coef, intercept = fit_least_squares(x, y)
    np.testing.assert_allclose(coef, [3.0], atol=1e-10, err_msg="y = 3x + 2 has slope 3")
    assert abs(intercept - 2.0) < 1e-10, f"y = 3x + 2 has intercept 2, got {intercept}"


def test_noisy_points() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, size=50)
    y = 3.0 * x + 2.0 + rng.normal(size=50)
    coef, intercept = fit_least_squares(x[:, None], y)
    assert abs(coef[0] - 3.0) < 0.2 and abs(intercept - 2.0) < 1.0, f"expected about 3x + 2, got {coef[0]:.3f}x + {intercept:.3f}"
