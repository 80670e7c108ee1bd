import numpy as np


def box_iou(boxes_a, boxes_b):
    """(n, m) IoU matrix of [x1, y1, x2, y2] boxes; 0 where the union is empty."""
    raise NotImplementedError


def nms(boxes, scores, iou_threshold):
    """Indices of the boxes kept by greedy non-maximum suppression, in the order kept."""
    raise NotImplementedError
