import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from submission import box_iou, nms


def test_iou_of_two_boxes() -> None:
    iou = box_iou(np.array([[0.0, 0.0, 2.0, 2.0]]), np.array([[1.0, 1.0, 3.0, 3.0], [5.0, 5.0, 6.0, 6.0]]))
    assert np.shape(iou) == (1, 2), f"expected shape (1, 2), got {np.shape(iou)}"
    assert_allclose(iou, [[1 / 7, 0.0]], err_msg="intersection 1, union 4 + 4 - 1 = 7; disjoint boxes have IoU 0")


def test_nms_keeps_the_best_of_a_cluster() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]], dtype=float)
    scores = np.array([0.6, 0.9, 0.8])
    kept = nms(boxes, scores, 0.5)
    assert_array_equal(kept, [1, 2], err_msg="box 1 (0.9) suppresses box 0 (IoU 0.68); box 2 is elsewhere")
