import numpy as np
from numpy.testing import assert_array_equal
from sklearn.model_selection import KFold

from submission import kfold_indices


def test_uneven_sizes_match_sklearn() -> None:
    folds = kfold_indices(10, 3)
    sizes = [len(test) for _, test in folds]
    assert sizes == [4, 3, 3], f"10 samples in 3 folds: sizes [4, 3, 3] (the first folds get the extra); got {sizes}"
    for (train, test), (sk_train, sk_test) in zip(folds, KFold(3).split(np.zeros(10))):
        assert_array_equal(test, sk_test, err_msg="test fold differs from KFold(3)")
        assert_array_equal(train, sk_train, err_msg="train fold differs from KFold(3)")


def test_no_overlap_and_complete() -> None:
    for n, k in [(7, 7), (23, 5), (101, 10)]:
        folds = kfold_indices(n, k, shuffle=True, seed=3)
        assert len(folds) == k, f"expected {k} folds for n={n}"
        for train, test in folds:
            assert len(np.intersect1d(train, test)) == 0, f"n={n}, k={k}: train and test overlap"
            assert len(train) + len(test) == n, f"n={n}, k={k}: train + test must cover all {n} samples"
            assert np.all(np.diff(test) > 0) and np.all(np.diff(train) > 0), "indices must be sorted ascending and unique"
        sizes = sorted(len(t) for _, t in folds)
        assert sizes[-1] - sizes[0] <= 1, f"fold sizes differ by at most one, got {sizes}"


def test_shuffle_uses_the_seeded_permutation() -> None:
    order = np.random.default_rng(42).permutation(11)
    folds = kfold_indices(11, 3, shuffle=True, seed=42)
    expected_tests = [np.sort(order[0:4]), np.sort(order[4:8]), np.sort(order[8:11])]
    for i, ((_, test), want) in enumerate(zip(folds, expected_tests)):
        assert_array_equal(test, want, err_msg=f"fold {i}: cut np.random.default_rng(seed).permutation(n) into blocks")


def test_seed_reproducible_and_different_seeds_differ() -> None:
    a = kfold_indices(50, 5, shuffle=True, seed=7)
    b = kfold_indices(50, 5, shuffle=True, seed=7)
    c = kfold_indices(50, 5, shuffle=True, seed=8)
    for (_, ta), (_, tb) in zip(a, b):
        assert_array_equal(ta, tb, err_msg="the same seed must give the same folds")
    assert any(not np.array_equal(ta, tc) for (_, ta), (_, tc) in zip(a, c)), "a different seed should give different folds"
    assert not np.array_equal(a[0][1], np.arange(10)), "shuffle=True must shuffle"


def test_integer_dtype() -> None:
    train, test = kfold_indices(5, 2)[0]
    assert np.issubdtype(np.asarray(test).dtype, np.integer), f"indices must be integers, got {np.asarray(test).dtype}"
    assert np.issubdtype(np.asarray(train).dtype, np.integer), f"indices must be integers, got {np.asarray(train).dtype}"


def test_invalid_n_splits() -> None:
    for n, k in [(10, 1), (3, 4)]:
        try:
            kfold_indices(n, k)
        except ValueError:
            continue
        raise AssertionError(f"kfold_indices({n}, {k}) must raise ValueError")
