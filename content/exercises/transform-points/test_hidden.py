import numpy as np

from submission import polygon_area, transform_points


def test_non_symmetric_matrix_with_offset() -> None:
    shear = np.array([[1.0, 2.0], [0.0, 1.0]])
    pts = np.array([[1.0, 1.0], [2.0, -1.0], [0.0, 3.0]])
    got = transform_points(pts, shear, offset=np.array([10.0, -5.0]))
    expected = np.array([shear @ p + [10.0, -5.0] for p in pts])
    np.testing.assert_allclose(got, expected, atol=1e-12, err_msg="row i must be matrix @ points[i] + offset (points @ matrix is matrix.T @ p)")


def test_empty_and_3d() -> None:
    got = transform_points(np.zeros((0, 3)), np.eye(3))
    assert got.shape == (0, 3), f"no points in, shape (0, 3) out; got {got.shape}"
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 3))
    pts = rng.normal(size=(5, 3))
    np.testing.assert_allclose(transform_points(pts, A), (A @ pts.T).T, atol=1e-12, err_msg="3-D points: wrong result")


def test_integer_input() -> None:
    got = transform_points(np.array([[1, 2]]), np.array([[2, 0], [0, 3]]), offset=np.array([1, 1]))
    np.testing.assert_allclose(got, [[3.0, 7.0]], atol=1e-12, err_msg="diag(2, 3) @ (1, 2) + (1, 1) = (3, 7)")
    assert np.asarray(got).dtype.kind == "f", f"return floats, got {np.asarray(got).dtype}"


def test_clockwise_and_degenerate_polygons() -> None:
    tri_cw = np.array([[0.0, 0.0], [0.0, 2.0], [3.0, 0.0]])
    got = polygon_area(tri_cw)
    assert abs(got - 3.0) < 1e-12, f"a clockwise triangle with legs 2 and 3 has area 3 (not -3), got {got}"
    assert polygon_area(np.array([[0.0, 0.0], [1.0, 1.0]])) == 0.0, "fewer than 3 vertices enclose no area"
    concave = np.array([[0, 0], [4, 0], [4, 4], [2, 1], [0, 4]])
    got = polygon_area(concave)
    assert abs(got - 10.0) < 1e-12, f"this concave pentagon has area 10, got {got}"


def test_area_scales_by_abs_det() -> None:
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    for A in (np.array([[2.0, 1.0], [0.5, 3.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[-1.5, 0.2], [0.7, 2.0]])):
        got = polygon_area(transform_points(square, A, offset=np.array([5.0, 5.0])))
        expected = abs(np.linalg.det(A))
        assert abs(got - expected) < 1e-9, f"area after {A.tolist()} should be |det| = {expected:.4f}, got {got}"
