import numpy as np
from numpy.testing import assert_allclose

from submission import pca


def test_points_on_a_line() -> None:
    X = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    scores, components, ratio = pca(X, 1)
    assert np.shape(components) == (1, 2) and np.shape(scores) == (3, 1), "shapes (k, d) and (n, k)"
    assert_allclose(components[0], np.array([1.0, 2.0]) / np.sqrt(5), atol=1e-12, err_msg="the direction of the line, unit length, positive")
    assert_allclose(ratio, [1.0], atol=1e-12, err_msg="one direction explains all the variance")


def test_scores_are_centred_projections() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4)) * [5.0, 2.0, 1.0, 0.5]
    scores, components, ratio = pca(X, 2)
    assert_allclose(scores, (X - X.mean(axis=0)) @ components.T, atol=1e-10, err_msg="scores = centred X @ components.T")
    assert ratio[0] >= ratio[1], "components come largest variance first"
