import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from submission import confusion_matrix, precision_recall_f1


def test_binary_confusion_matrix() -> None:
    y_true = [0, 1, 1, 0, 1, 1]
    y_pred = [0, 1, 0, 1, 1, 1]
    cm = confusion_matrix(y_true, y_pred)
    assert np.shape(cm) == (2, 2), f"expected shape (2, 2), got {np.shape(cm)}"
    assert_array_equal(cm, [[1, 1], [1, 3]], err_msg="rows are true labels, columns are predictions: [[TN, FP], [FN, TP]]")


def test_precision_recall_f1() -> None:
    p, r, f1 = precision_recall_f1([0, 1, 1, 0, 1, 1], [0, 1, 0, 1, 1, 1])
    # TP = 3, FP = 1, FN = 1
    assert_allclose([p, r, f1], [0.75, 0.75, 0.75], err_msg="precision = TP/(TP+FP), recall = TP/(TP+FN)")
