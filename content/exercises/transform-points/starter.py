import numpy as np


def transform_points(points: np.ndarray, matrix: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
    """Apply p -> matrix @ p + offset to every row p of points; returns (n, d) floats."""
    out = points @ matrix  # wrong side: this is matrix.T @ p
    if offset is not None:
        out = out + offset
    return out


def polygon_area(vertices: np.ndarray) -> float:
    """Area of a simple polygon given by its (k, 2) vertices in order."""
    raise NotImplementedError
