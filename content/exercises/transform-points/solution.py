import numpy as np


def transform_points(points: np.ndarray, matrix: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
    """Apply p -> matrix @ p + offset to every row p of points; returns (n, d) floats."""
    points = np.asarray(points, dtype=float)
    matrix = np.asarray(matrix, dtype=float)
    # Rows are points: (A p)^T = p^T A^T, so the whole batch is points @ A.T.
    out = points @ matrix.T
    if offset is not None:
        out = out + np.asarray(offset, dtype=float)  # (d,) broadcasts over the n rows
    return out


def polygon_area(vertices: np.ndarray) -> float:
    """Area of a simple polygon given by its (k, 2) vertices in order."""
    v = np.asarray(vertices, dtype=float)
    if len(v) < 3:
        return 0.0
    x, y = v[:, 0], v[:, 1]
    x_next, y_next = np.roll(x, -1), np.roll(y, -1)
    return float(0.5 * abs(np.sum(x * y_next - x_next * y)))
