import numpy as np

from submission import group_train_val_split


def _raises(*args, **kwargs) -> bool:
    try:
        group_train_val_split(*args, **kwargs)
    except ValueError:
        return True
    return False


def test_scattered_groups_many_rows() -> None:
    rng = np.random.default_rng(42)
    groups = rng.integers(0, 30, size=600)  # 30 groups, rows interleaved
    train_idx, val_idx = group_train_val_split(groups, val_fraction=0.25, seed=3)
    assert not set(groups[train_idx]) & set(groups[val_idx]), "a group is on both sides: split groups, not rows"
    assert len(set(groups[val_idx])) == round(0.25 * 30), f"expected {round(0.25 * 30)} validation groups, got {len(set(groups[val_idx]))}"
    both = np.concatenate([train_idx, val_idx])
    assert len(both) == 600 and len(np.unique(both)) == 600, "every row exactly once"
    assert np.all(np.diff(train_idx) > 0) and np.all(np.diff(val_idx) > 0), "indices must be sorted"
    assert train_idx.dtype.kind in "iu" and val_idx.dtype.kind in "iu", "indices must be integers"


def test_exact_groups_from_the_recipe() -> None:
    groups = np.array(["u3", "u1", "u2", "u1", "u4", "u3", "u5", "u6", "u7", "u8", "u9", "u10"])
    _, val_idx = group_train_val_split(groups, val_fraction=0.3, seed=7)
    unique = np.unique(groups)
    expected = set(np.random.default_rng(7).permutation(unique)[: round(0.3 * len(unique))])
    assert set(groups[val_idx]) == expected, f"validation groups should be {sorted(expected)}, got {sorted(set(groups[val_idx]))}"


def test_string_groups_and_reproducibility() -> None:
    groups = np.array(["ann", "bob", "ann", "cy", "dee", "bob", "eve", "cy"])
    a = group_train_val_split(groups, val_fraction=0.4, seed=11)
    b = group_train_val_split(groups, val_fraction=0.4, seed=11)
    np.testing.assert_array_equal(a[0], b[0], err_msg="the same seed must give the same split")
    np.testing.assert_array_equal(a[1], b[1], err_msg="the same seed must give the same split")
    assert not set(groups[a[0]]) & set(groups[a[1]]), "string groups must stay together too"


def test_clamping_of_n_val() -> None:
    groups = np.array([1, 1, 2, 2, 3])
    _, val_idx = group_train_val_split(groups, val_fraction=0.05, seed=0)
    assert len(set(groups[val_idx])) == 1, "round(0.05 * 3) is 0: raise it to 1 validation group"
    train_idx, _ = group_train_val_split(groups, val_fraction=0.95, seed=0)
    assert len(set(groups[train_idx])) == 1, "round(0.95 * 3) is 3: lower it to n_groups - 1"


def test_errors() -> None:
    assert _raises(np.array([5, 5, 5])), "one group cannot be split: ValueError"
    assert _raises(np.array([1, 2, 3]), val_fraction=0.0), "val_fraction 0 must raise ValueError"
    assert _raises(np.array([1, 2, 3]), val_fraction=1.0), "val_fraction 1 must raise ValueError"
