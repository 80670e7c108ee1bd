import numpy as np
from numpy.testing import assert_allclose

from submission import conv2d


def test_box_filter() -> None:
    image = np.arange(16, dtype=float).reshape(4, 4)
    out = conv2d(image, np.ones((2, 2)))
    assert np.shape(out) == (3, 3), f"a 4x4 image and a 2x2 kernel give a 3x3 output, got {np.shape(out)}"
    assert_allclose(out[0], [10.0, 14.0, 18.0], err_msg="out[0, 0] = 0 + 1 + 4 + 5 = 10")


def test_identity_kernel() -> None:
    image = np.random.default_rng(0).normal(size=(5, 6))
    kernel = np.zeros((3, 3))
    kernel[1, 1] = 1.0
    assert_allclose(conv2d(image, kernel), image[1:-1, 1:-1], err_msg="a centred 1 picks the centre of each window")
