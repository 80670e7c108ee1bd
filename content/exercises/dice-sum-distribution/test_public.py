import numpy as np

from submission import dice_sum_pmf, prob_at_least


def test_one_die() -> None:
    got = dice_sum_pmf(1)
    np.testing.assert_allclose(got, [0.0] + [1 / 6] * 6, atol=1e-15, err_msg="one die: index 0 is impossible, 1..6 each 1/6")


def test_two_dice_at_least_ten() -> None:
    pmf = dice_sum_pmf(2)
    assert len(pmf) == 13, f"two dice: sums 0..12, so 13 entries, got {len(pmf)}"
    got = prob_at_least(pmf, 10)
    assert abs(got - 6 / 36) < 1e-12, f"P(sum >= 10) = (3 + 2 + 1)/36, got {got}"
