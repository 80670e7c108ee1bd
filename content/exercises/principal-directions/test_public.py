import numpy as np

from submission import principal_directions


def test_axis_aligned_data() -> None:
    X = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, -1.0], [0.0, 1.0]])
    variances, components = principal_directions(X)
    # sample variances: x has 8/3, y has 2/3, no covariance
    np.testing.assert_allclose(variances, [8 / 3, 2 / 3], rtol=1e-10, err_msg="variances in decreasing order, divided by n - 1")
    np.testing.assert_allclose(components, [[1.0, 0.0], [0.0, 1.0]], atol=1e-10, err_msg="the first direction is the x axis")


def test_shapes() -> None:
    rng = np.random.default_rng(0)
    variances, components = principal_directions(rng.normal(size=(20, 3)))
    assert variances.shape == (3,), f"expected variances of shape (3,), got {variances.shape}"
    assert components.shape == (3, 3), f"expected components of shape (3, 3), got {components.shape}"
