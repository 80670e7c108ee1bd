import numpy as np


def dice_sum_pmf(n_dice: int, sides: int = 6) -> np.ndarray:
    """pmf[s] = P(n_dice fair dice with faces 1..sides sum to s), length n_dice * sides + 1."""
    raise NotImplementedError


def prob_at_least(pmf: np.ndarray, t: int) -> float:
    """P(sum >= t) for a pmf indexed by the sum."""
    return float(np.sum(pmf[t + 1:]))  # off by one: drops P(sum == t)
