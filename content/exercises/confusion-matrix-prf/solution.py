import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    """(k, k) int counts: rows are true labels, columns predicted labels, in `labels` order."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if labels is None:
        labels = np.union1d(y_true, y_pred)  # sorted, unique
    index = {label: i for i, label in enumerate(np.asarray(labels).tolist())}
    k = len(index)
    t = np.array([index.get(v, -1) for v in y_true.tolist()], dtype=int)
    p = np.array([index.get(v, -1) for v in y_pred.tolist()], dtype=int)
    keep = (t >= 0) & (p >= 0)
    flat = np.bincount(t[keep] * k + p[keep], minlength=k * k)
    return flat.reshape(k, k)


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else 0.0


def precision_recall_f1(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 for pos_label; 0.0 wherever a denominator is zero."""
    t = np.asarray(y_true) == pos_label
    p = np.asarray(y_pred) == pos_label
    tp = int(np.sum(t & p))
    precision = _ratio(tp, int(p.sum()))
    recall = _ratio(tp, int(t.sum()))
    f1 = _ratio(2 * precision * recall, precision + recall)
    return precision, recall, f1
