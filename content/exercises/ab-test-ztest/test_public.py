import math

from submission import two_proportion_ztest


def test_known_example() -> None:
    z, p = two_proportion_ztest(200, 1000, 250, 1000)
    # pooled 0.225; se = sqrt(0.225 * 0.775 * 0.002) = 0.018675; z = 0.05 / se
    assert abs(z - 2.677398) < 1e-5, f"expected z = 2.6774, got {z}"
    assert abs(p - 0.0074196) < 1e-6, f"expected two-sided p = 0.00742, got {p}"


def test_equal_rates() -> None:
    z, p = two_proportion_ztest(30, 300, 50, 500)
    assert abs(z) < 1e-12 and abs(p - 1.0) < 1e-12, f"equal rates (10 % and 10 %): z = 0 and p = 1, got {(z, p)}"
