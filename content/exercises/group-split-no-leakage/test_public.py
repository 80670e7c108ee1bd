import numpy as np

from submission import group_train_val_split


def test_groups_stay_together() -> None:
    groups = np.array([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    train_idx, val_idx = group_train_val_split(groups, val_fraction=0.2, seed=0)
    assert len(set(groups[train_idx]) & set(groups[val_idx])) == 0, "a group must not be on both sides"
    assert len(set(groups[val_idx])) == 1, f"20% of 5 groups is 1 validation group, got {sorted(set(groups[val_idx]))}"


def test_every_row_once() -> None:
    groups = np.array([0, 0, 0, 1, 2, 2, 3, 4, 4, 4])
    train_idx, val_idx = group_train_val_split(groups, val_fraction=0.4, seed=1)
    assert sorted(np.concatenate([train_idx, val_idx]).tolist()) == list(range(10)), "every row must be in exactly one side"
