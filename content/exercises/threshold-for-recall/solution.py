import numpy as np


def threshold_for_recall(y_true, scores, min_recall):
    """Largest threshold t (predict positive when score >= t) with recall >= min_recall,
    and the (precision, recall) it gives."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(scores, dtype=float)
    n_pos = int(y.sum())
    if n_pos == 0:
        raise ValueError("recall is undefined without positive samples")
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    tp = np.cumsum(y_sorted)
    predicted = np.arange(1, s.size + 1)
    # a threshold equal to a distinct score takes the whole group of ties: use the last index of each group
    last_of_group = np.flatnonzero(np.r_[s_sorted[1:] != s_sorted[:-1], True])
    recall = tp[last_of_group] / n_pos
    ok = np.flatnonzero(recall >= min_recall)
    i = last_of_group[ok[0]]  # thresholds decrease along the sorted order: the first hit is the largest
    return float(s_sorted[i]), float(tp[i] / predicted[i]), float(tp[i] / n_pos)
