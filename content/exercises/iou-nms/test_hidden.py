import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from submission import box_iou, nms


def _iou_ref(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def test_iou_matrix_matches_brute_force() -> None:
    rng = np.random.default_rng(4)
    xy = rng.uniform(0, 50, size=(30, 2))
    a = np.hstack([xy, xy + rng.uniform(1, 20, size=(30, 2))])
    xy = rng.uniform(0, 50, size=(12, 2))
    b = np.hstack([xy, xy + rng.uniform(1, 20, size=(12, 2))])
    got = box_iou(a, b)
    want = np.array([[_iou_ref(p, q) for q in b] for p in a])
    assert np.shape(got) == (30, 12), f"expected shape (30, 12), got {np.shape(got)}"
    assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg="IoU matrix differs from a pairwise reference")


def test_zero_area_boxes_give_zero_not_nan() -> None:
    pts = np.array([[1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 5.0]])
    got = box_iou(pts, pts)
    assert not np.any(np.isnan(got)), f"zero-area boxes must give IoU 0, not nan: {got}"
    assert_allclose(got, 0.0, err_msg="a box with no area has IoU 0 with anything")


def test_suppressed_box_does_not_suppress() -> None:
    boxes = np.array([[0, 0, 10, 10], [6, 0, 16, 10], [12, 0, 22, 10]], dtype=float)
    kept = nms(boxes, np.array([0.9, 0.8, 0.7]), 0.2)
    # IoU(0, 1) = 0.25 > 0.2: 1 suppressed. IoU(0, 2) = 0: 2 kept, although IoU(1, 2) = 0.25.
    assert_array_equal(kept, [0, 2], err_msg="only kept boxes suppress others: box 2 survives because box 1 was removed")


def test_iou_equal_to_threshold_is_kept() -> None:
    boxes = np.array([[0, 0, 3, 1], [1, 0, 4, 1]], dtype=float)  # IoU = 2 / 4 = 0.5 exactly
    kept = nms(boxes, np.array([0.9, 0.8]), 0.5)
    assert_array_equal(kept, [0, 1], err_msg="suppress only when IoU is strictly greater than the threshold")


def test_tied_scores_keep_lower_index_first() -> None:
    boxes = np.array([[0, 0, 10, 10], [50, 50, 60, 60], [0, 0, 10, 10]], dtype=float)
    kept = nms(boxes, np.array([0.5, 0.5, 0.5]), 0.5)
    assert_array_equal(kept, [0, 1], err_msg="equal scores are visited by index: 0 is kept, its duplicate 2 suppressed")
    assert np.issubdtype(np.asarray(kept).dtype, np.integer), f"indices must be integers, got {np.asarray(kept).dtype}"


def test_no_boxes() -> None:
    kept = nms(np.zeros((0, 4)), np.zeros(0), 0.5)
    assert np.shape(kept) == (0,), f"no boxes: an empty array, got shape {np.shape(kept)}"
    assert np.issubdtype(np.asarray(kept).dtype, np.integer), "even an empty result must be an integer array"


def test_order_is_by_decreasing_score() -> None:
    rng = np.random.default_rng(8)
    xy = rng.uniform(0, 100, size=(40, 2))
    boxes = np.hstack([xy, xy + rng.uniform(5, 30, size=(40, 2))])
    scores = rng.random(40)
    kept = np.asarray(nms(boxes, scores, 0.3))
    assert np.all(np.diff(scores[kept]) <= 0), "kept indices come in order of decreasing score"
    iou = box_iou(boxes[kept], boxes[kept])
    np.fill_diagonal(iou, 0)
    assert iou.max() <= 0.3, "no two kept boxes may overlap by more than the threshold"
    for i in set(range(40)) - set(kept.tolist()):
        assert any(_iou_ref(boxes[i], boxes[k]) > 0.3 and scores[k] >= scores[i] for k in kept), f"box {i} was dropped without a better kept box overlapping it"
