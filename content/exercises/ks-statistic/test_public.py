from submission import ks_statistic


def test_small_example() -> None:
    got = ks_statistic([1.0, 2.0, 3.0, 4.0], [3.5, 4.5, 5.5, 6.5])
    assert abs(got - 0.75) < 1e-12, f"at x = 3, F_a = 0.75 and F_b = 0: D = 0.75; got {got}"


def test_identical_samples() -> None:
    got = ks_statistic([0.3, 0.1, 0.2], [0.2, 0.3, 0.1])
    assert got == 0.0, f"the same values in another order: D = 0; got {got}"
