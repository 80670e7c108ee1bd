import numpy as np


def group_train_val_split(groups: np.ndarray, val_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(train_idx, val_idx), sorted row positions, with no group on both sides."""
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be strictly between 0 and 1, got {val_fraction}")
    groups = np.asarray(groups)
    unique = np.unique(groups)
    if len(unique) < 2:
        raise ValueError("need at least two groups to split")
    shuffled = np.random.default_rng(seed).permutation(unique)
    n_val = min(max(round(val_fraction * len(unique)), 1), len(unique) - 1)
    is_val = np.isin(groups, shuffled[:n_val])
    return np.flatnonzero(~is_val), np.flatnonzero(is_val)
