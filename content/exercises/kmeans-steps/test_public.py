import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from submission import assign_clusters, update_centroids


def test_assign_two_clusters() -> None:
    X = np.array([[0.0, 0.0], [0.5, 0.2], [9.0, 9.0], [10.0, 8.5]])
    C = np.array([[0.0, 0.0], [10.0, 10.0]])
    labels = assign_clusters(X, C)
    assert np.shape(labels) == (4,), f"expected shape (4,), got {np.shape(labels)}"
    assert_array_equal(labels, [0, 0, 1, 1], err_msg="each point goes to its nearest centroid")


def test_update_is_the_mean() -> None:
    X = np.array([[0.0, 0.0], [2.0, 2.0], [9.0, 9.0], [11.0, 7.0]])
    new = update_centroids(X, np.array([0, 0, 1, 1]), np.array([[5.0, 5.0], [5.0, 5.0]]))
    assert_allclose(new, [[1.0, 1.0], [10.0, 8.0]], err_msg="each centroid is the mean of its points")
