import numpy as np


def dice_sum_pmf(n_dice: int, sides: int = 6) -> np.ndarray:
    """pmf[s] = P(n_dice fair dice with faces 1..sides sum to s), length n_dice * sides + 1."""
    one_die = np.full(sides + 1, 1.0 / sides)
    one_die[0] = 0.0  # a die never shows 0; index = face value
    pmf = np.array([1.0])  # the sum of no dice is 0
    for _ in range(n_dice):
        pmf = np.convolve(pmf, one_die)
    return pmf


def prob_at_least(pmf: np.ndarray, t: int) -> float:
    """P(sum >= t) for a pmf indexed by the sum."""
    return float(np.sum(pmf[max(t, 0):]))
