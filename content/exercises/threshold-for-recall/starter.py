import numpy as np


def threshold_for_recall(y_true, scores, min_recall):
    """Largest threshold t (predict positive when score >= t) with recall >= min_recall,
    and the (precision, recall) it gives."""
    raise NotImplementedError
