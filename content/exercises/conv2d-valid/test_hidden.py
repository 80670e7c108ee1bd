import numpy as np
from numpy.testing import assert_allclose

from submission import conv2d


def _reference(image, kernel, stride):
    kh, kw = kernel.shape
    oh = (image.shape[0] - kh) // stride + 1
    ow = (image.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[i, j] = np.sum(image[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel)
    return out


def test_asymmetric_kernel_is_not_flipped() -> None:
    image = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    kernel = np.array([[1.0, -1.0]])
    out = conv2d(image, kernel)
    assert_allclose(out, [[-1.0, -1.0], [-1.0, -1.0]], err_msg="cross-correlation: out = image[i, j] - image[i, j+1]; a flipped kernel gives +1")


def test_non_square_kernel_matches_reference() -> None:
    rng = np.random.default_rng(1)
    image = rng.normal(size=(9, 7))
    kernel = rng.normal(size=(4, 2))
    out = conv2d(image, kernel)
    assert np.shape(out) == (6, 6), f"(9-4+1, 7-2+1) = (6, 6), got {np.shape(out)}"
    assert_allclose(out, _reference(image, kernel, 1), rtol=1e-10, atol=1e-12, err_msg="values differ from the definition")


def test_stride_two_with_leftover_border() -> None:
    rng = np.random.default_rng(2)
    image = rng.normal(size=(8, 9))
    kernel = rng.normal(size=(3, 3))
    out = conv2d(image, kernel, stride=2)
    assert np.shape(out) == (3, 4), f"((8-3)//2+1, (9-3)//2+1) = (3, 4), got {np.shape(out)}"
    assert_allclose(out, _reference(image, kernel, 2), rtol=1e-10, atol=1e-12, err_msg="stride 2 values differ")


def test_kernel_as_large_as_image() -> None:
    image = np.arange(6.0).reshape(2, 3)
    out = conv2d(image, np.full((2, 3), 2.0))
    assert np.shape(out) == (1, 1), f"expected a 1x1 output, got {np.shape(out)}"
    assert_allclose(out, [[30.0]], err_msg="2 * (0 + 1 + ... + 5) = 30")


def test_integer_input_gives_float_output() -> None:
    image = np.array([[1, 2], [3, 4]], dtype=np.int8)
    out = conv2d(image, np.array([[100, 100]], dtype=np.int8))
    assert np.issubdtype(np.asarray(out).dtype, np.floating), f"return floats, got {np.asarray(out).dtype}"
    assert_allclose(out, [[300.0], [700.0]], err_msg="int8 arithmetic would overflow: compute in float")


def test_errors() -> None:
    for image, kernel, stride in [(np.ones((3, 3)), np.ones((4, 1)), 1), (np.ones((3, 3)), np.ones((1, 4)), 1),
                                  (np.ones((3, 3)), np.ones((2, 2)), 0)]:
        try:
            conv2d(image, kernel, stride=stride)
        except ValueError:
            continue
        raise AssertionError(f"kernel {kernel.shape} on image {image.shape} with stride {stride} must raise ValueError")
