import numpy as np


def roc_auc(y_true, scores):
    """Area under the ROC curve: P(score of a positive > score of a negative), ties count 1/2.

    This version compares every pair and forgets ties: fix both.
    """
    y_true = np.asarray(y_true)
    scores = np.asarray(scores, dtype=float)
    pos = scores[y_true == 1]
    neg = scores[y_true == 0]
    return float(np.mean(pos[:, None] > neg[None, :]))
