import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(image, kernel, stride=1):
    """Valid cross-correlation of a 2-D image with a 2-D kernel; float output of shape
    ((H - kh) // stride + 1, (W - kw) // stride + 1)."""
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if stride < 1:
        raise ValueError(f"stride must be at least 1, got {stride}")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"kernel {kernel.shape} is larger than image {image.shape}")
    windows = sliding_window_view(image, kernel.shape)[::stride, ::stride]  # (oh, ow, kh, kw)
    return np.einsum("ijkl,kl->ij", windows, kernel)
