import math

import numpy as np

from submission import two_proportion_ztest


def _expected(sa, na, sb, nb):
    p = (sa + sb) / (na + nb)
    z = (sb / nb - sa / na) / math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    return z, math.erfc(abs(z) / math.sqrt(2))


def test_sign_and_symmetry() -> None:
    z1, p1 = two_proportion_ztest(120, 1000, 90, 1000)
    z2, p2 = two_proportion_ztest(90, 1000, 120, 1000)
    assert z1 < 0 < z2, f"z is positive when B converts better: got {z1} and {z2}"
    assert abs(z1 + z2) < 1e-12 and abs(p1 - p2) < 1e-15, "swapping A and B flips z and keeps p"


def test_unequal_sizes() -> None:
    got = two_proportion_ztest(45, 700, 98, 1300)
    want = _expected(45, 700, 98, 1300)
    assert abs(got[0] - want[0]) < 1e-10 and abs(got[1] - want[1]) < 1e-12, f"expected {want}, got {got}"
    assert all(isinstance(v, float) for v in got), "return Python floats"


def test_far_tail_is_accurate() -> None:
    sa, na, sb, nb = 1000, 10000, 1340, 10000
    z, p = two_proportion_ztest(sa, na, sb, nb)
    want_z, want_p = _expected(sa, na, sb, nb)
    assert 7 < want_z < 8, "test setup: z between 7 and 8"
    assert abs(z - want_z) < 1e-9, f"expected z = {want_z}, got {z}"
    assert p > 0 and abs(p - want_p) / want_p < 1e-6, f"p-value {p} vs {want_p}: use erfc, 2 * (1 - Phi) cancels to noise out here"


def test_counts_in_the_billions() -> None:
    sa, na, sb, nb = np.int64(2_000_000_000), np.int64(4_000_000_000), np.int64(2_000_050_000), np.int64(4_000_000_000)
    z, p = two_proportion_ztest(sa, na, sb, nb)
    want = _expected(2_000_000_000, 4_000_000_000, 2_000_050_000, 4_000_000_000)
    assert math.isfinite(z) and abs(z - want[0]) < 1e-6 * abs(want[0]), f"NumPy int64 counts in the billions: expected z = {want[0]}, got {z}"


def test_no_variance() -> None:
    assert two_proportion_ztest(0, 50, 0, 80) == (0.0, 1.0), "no conversions at all: (0.0, 1.0), not a division by zero"
    assert two_proportion_ztest(50, 50, 80, 80) == (0.0, 1.0), "everyone converted: (0.0, 1.0)"


def test_invalid_inputs() -> None:
    for args in [(1, 0, 1, 10), (1, 10, 1, -5), (-1, 10, 1, 10), (11, 10, 1, 10)]:
        try:
            two_proportion_ztest(*args)
        except ValueError:
            continue
        raise AssertionError(f"two_proportion_ztest{args} must raise ValueError")
