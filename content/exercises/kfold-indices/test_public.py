import numpy as np
from numpy.testing import assert_array_equal

from submission import kfold_indices


def test_even_folds() -> None:
    folds = kfold_indices(6, 3)
    assert len(folds) == 3, f"expected 3 folds, got {len(folds)}"
    train, test = folds[1]
    assert_array_equal(test, [2, 3], err_msg="without shuffling, fold 1 of 6 samples in 3 folds tests on [2, 3]")
    assert_array_equal(train, [0, 1, 4, 5], err_msg="the training set is every other index, sorted")


def test_every_index_tested_once() -> None:
    folds = kfold_indices(9, 4, shuffle=True, seed=0)
    tested = np.sort(np.concatenate([test for _, test in folds]))
    assert_array_equal(tested, np.arange(9), err_msg="each index must be in exactly one test fold")
