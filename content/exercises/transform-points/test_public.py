import numpy as np

from submission import polygon_area, transform_points


def test_rotation_by_90_degrees() -> None:
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])  # counter-clockwise by 90 degrees
    got = transform_points(np.array([[1.0, 0.0], [0.0, 1.0]]), rot)
    assert got.shape == (2, 2), f"expected shape (2, 2), got {got.shape}"
    np.testing.assert_allclose(got, [[0.0, 1.0], [-1.0, 0.0]], atol=1e-12, err_msg="(1,0) -> (0,1) and (0,1) -> (-1,0)")


def test_unit_square_area() -> None:
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    got = polygon_area(square)
    assert abs(got - 1.0) < 1e-12, f"the unit square has area 1, got {got}"
