import numpy as np

from submission import fit_linear_gd


def test_one_step_from_zero() -> None:
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    w, b, losses = fit_linear_gd(X, y, lr=0.1, n_iters=1)
    # at w=0, b=0: r = -y, dL/dw = (2/3) * -(1*2 + 2*4 + 3*6) = -56/3, dL/db = (2/3) * -12 = -8
    np.testing.assert_allclose(w, [0.1 * 56 / 3], rtol=1e-12, err_msg="w after one step")
    assert abs(b - 0.8) < 1e-12, f"b after one step should be 0.8, got {b}"
    assert len(losses) == 1 and abs(losses[0] - 56 / 3) < 1e-12, f"losses should be [mean(y^2)] = [18.667], got {losses}"


def test_recovers_a_line() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=200)
    y = 3.0 * x + 2.0 + rng.normal(scale=0.1, size=200)
    w, b, losses = fit_linear_gd(x[:, None], y, lr=0.1, n_iters=2000)
    assert abs(w[0] - 3.0) < 0.1 and abs(b - 2.0) < 0.1, f"expected w ~ 3 and b ~ 2, got w={w}, b={b}"
    assert losses[-1] < losses[0], "the loss should go down"
