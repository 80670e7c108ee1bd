import numpy as np
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import metrics

from submission import confusion_matrix, precision_recall_f1


def test_multiclass_matches_sklearn() -> None:
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 4, size=300)
    y_pred = np.where(rng.random(300) < 0.6, y_true, rng.integers(0, 4, size=300))
    got = confusion_matrix(y_true, y_pred)
    assert_array_equal(got, metrics.confusion_matrix(y_true, y_pred), err_msg="4-class confusion matrix differs from sklearn")
    assert np.issubdtype(np.asarray(got).dtype, np.integer), f"counts must be integers, got {np.asarray(got).dtype}"


def test_string_labels_sorted_union() -> None:
    y_true = ["cat", "dog", "dog", "bird"]
    y_pred = ["dog", "dog", "cat", "fish"]
    assert_array_equal(confusion_matrix(y_true, y_pred), metrics.confusion_matrix(y_true, y_pred),
                       err_msg="labels default to the sorted union of y_true and y_pred ('fish' is only predicted)")


def test_given_labels_order_and_missing_label() -> None:
    y_true = [2, 0, 2, 1, 5]
    y_pred = [2, 2, 0, 1, 1]
    labels = [2, 0, 1, 9]
    got = confusion_matrix(y_true, y_pred, labels=labels)
    want = metrics.confusion_matrix(y_true, y_pred, labels=labels)
    assert np.shape(got) == (4, 4), f"one row and column per given label, got shape {np.shape(got)}"
    assert_array_equal(got, want, err_msg="use the given order; label 9 gives zeros; samples with label 5 are left out")


def test_zero_division_gives_zero() -> None:
    p, r, f1 = precision_recall_f1([1, 1, 0], [0, 0, 0])
    assert (p, r, f1) == (0.0, 0.0, 0.0), f"no positive predictions: precision is 0.0 by convention, got {(p, r, f1)}"
    p, r, f1 = precision_recall_f1([0, 0, 0], [0, 1, 0])
    assert (p, r, f1) == (0.0, 0.0, 0.0), f"no positive samples: recall is 0.0, got {(p, r, f1)}"
    p, r, f1 = precision_recall_f1([0, 0], [0, 0])
    assert not any(np.isnan([p, r, f1])), "no nan when nothing is positive"


def test_prf_matches_sklearn_with_pos_label() -> None:
    rng = np.random.default_rng(11)
    y_true = rng.choice(["spam", "ham"], size=200, p=[0.3, 0.7])
    y_pred = np.where(rng.random(200) < 0.7, y_true, rng.choice(["spam", "ham"], size=200))
    got = precision_recall_f1(y_true, y_pred, pos_label="spam")
    want = metrics.precision_recall_fscore_support(y_true, y_pred, pos_label="spam", average="binary", zero_division=0)[:3]
    assert_allclose(got, want, rtol=1e-12, err_msg="precision, recall, F1 for pos_label='spam' differ from sklearn")
    assert all(isinstance(v, float) for v in got), "return Python floats"
