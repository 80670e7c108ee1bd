import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from submission import assign_clusters, update_centroids


def test_empty_cluster_keeps_previous_centroid() -> None:
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    C = np.array([[1.0, 1.0], [-7.0, 3.5], [4.0, 4.0]])
    new = update_centroids(X, np.array([0, 0, 2]), C)
    assert np.all(np.isfinite(new)), f"an empty cluster must not become nan: {new}"
    assert_allclose(new[1], [-7.0, 3.5], err_msg="cluster 1 got no points, so it keeps its previous centroid")
    assert_allclose(new[[0, 2]], [[1.0, 2.0], [4.0, 5.0]], err_msg="the non-empty clusters are the means")


def test_update_does_not_modify_input() -> None:
    X = np.array([[0.0], [2.0], [10.0]])
    C = np.array([[1.0], [5.0]])
    before = C.copy()
    update_centroids(X, np.array([0, 0, 1]), C)
    assert_array_equal(C, before, err_msg="update_centroids must return a new array, not change `centroids` in place")


def test_integer_points_give_float_means() -> None:
    X = np.array([[1, 4], [2, 5], [7, 7]])
    new = update_centroids(X, np.array([0, 0, 1]), np.array([[0, 0], [0, 0]]))
    assert np.issubdtype(np.asarray(new).dtype, np.floating), f"centroids must be float, got {np.asarray(new).dtype}"
    assert_allclose(new, [[1.5, 4.5], [7.0, 7.0]], err_msg="the mean of 1 and 2 is 1.5: beware integer arrays")


def test_ties_go_to_lowest_index() -> None:
    X = np.array([[0.0, 0.0], [5.0, 0.0]])
    C = np.array([[1.0, 0.0], [-1.0, 0.0], [5.0, 0.0]])
    labels = assign_clusters(X, C)
    assert_array_equal(labels, [0, 2], err_msg="(0, 0) is equally far from centroids 0 and 1: pick 0")
    assert np.issubdtype(np.asarray(labels).dtype, np.integer), f"labels must be integers, got {np.asarray(labels).dtype}"


def test_matches_brute_force_on_many_points() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 4))
    C = rng.normal(size=(10, 4))
    labels = assign_clusters(X, C)
    expected = np.array([np.argmin([np.sum((x - c) ** 2) for c in C]) for x in X[:200]])
    assert_array_equal(np.asarray(labels)[:200], expected, err_msg="nearest centroid by Euclidean distance")
    new = update_centroids(X, labels, C)
    for j in range(10):
        members = X[np.asarray(labels) == j]
        want = members.mean(axis=0) if len(members) else C[j]
        assert_allclose(new[j], want, rtol=1e-10, atol=1e-12, err_msg=f"centroid {j} should be the mean of its points")


def test_one_point_one_cluster() -> None:
    X = np.array([[3.0, -2.0, 1.0]])
    C = np.array([[0.0, 0.0, 0.0]])
    labels = assign_clusters(X, C)
    assert_array_equal(labels, [0], err_msg="a single centroid takes every point")
    assert_allclose(update_centroids(X, labels, C), X, err_msg="one point: the centroid moves onto it")
