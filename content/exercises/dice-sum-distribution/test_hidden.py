import math
from itertools import product

import numpy as np

from submission import dice_sum_pmf, prob_at_least


def test_two_dice_exact() -> None:
    pmf = dice_sum_pmf(2)
    expected = np.zeros(13)
    for s in range(2, 13):
        expected[s] = (6 - abs(s - 7)) / 36
    np.testing.assert_allclose(pmf, expected, atol=1e-15, err_msg="pmf[s] must be P(sum == s): 7 has 6/36")


def test_three_four_sided_dice_by_enumeration() -> None:
    pmf = dice_sum_pmf(3, sides=4)
    expected = np.zeros(13)
    for faces in product(range(1, 5), repeat=3):
        expected[sum(faces)] += 1 / 64
    np.testing.assert_allclose(pmf, expected, atol=1e-15, err_msg="3 dice with 4 sides, checked by listing all 64 outcomes")


def test_zero_dice() -> None:
    pmf = dice_sum_pmf(0)
    np.testing.assert_allclose(pmf, [1.0], err_msg="no dice: the sum is 0 with probability 1")


def test_twenty_dice_fast_and_exact() -> None:
    pmf = dice_sum_pmf(20)
    assert len(pmf) == 121, f"20 dice: sums 0..120, got length {len(pmf)}"
    assert abs(pmf.sum() - 1.0) < 1e-12, f"probabilities must sum to 1, got {pmf.sum()}"
    assert abs(pmf[20] - 6.0**-20) < 1e-25, "all ones has probability 6^-20"
    # coins: 20 two-sided dice, sum 30 means ten 2s: C(20, 10) / 2^20
    coins = dice_sum_pmf(20, sides=2)
    assert abs(coins[30] - math.comb(20, 10) / 2**20) < 1e-14, f"20 coins: P(sum = 30) = C(20,10)/2^20, got {coins[30]}"
    d20 = dice_sum_pmf(2, sides=20)
    assert abs(d20[21] - 20 / 400) < 1e-15, "two d20: sum 21 has 20 of 400 outcomes"


def test_thresholds_outside_the_range() -> None:
    pmf = dice_sum_pmf(2)
    assert abs(prob_at_least(pmf, 2) - 1.0) < 1e-12, "P(sum >= 2) is 1 for two dice"
    assert abs(prob_at_least(pmf, -5) - 1.0) < 1e-12, "a negative threshold gives 1.0 (a negative index would count from the end)"
    assert prob_at_least(pmf, 13) == 0.0, "above the largest sum gives 0.0"
    assert abs(prob_at_least(pmf, 12) - 1 / 36) < 1e-12, "P(sum >= 12) = P(double six) = 1/36"
