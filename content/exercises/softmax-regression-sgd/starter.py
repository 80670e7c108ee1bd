import numpy as np


def sgd_step(W, b, X, y, lr, l2=0.0):
    """One SGD step of L2-regularised softmax regression on a mini-batch.

    Returns (W_new, b_new, loss at the current parameters).
    """
    raise NotImplementedError
