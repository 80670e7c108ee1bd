from submission import running_stats


def test_small_list() -> None:
    n, mean, var = running_stats([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert n == 8, f"expected count 8, got {n}"
    assert abs(mean - 5.0) < 1e-12, f"expected mean 5.0, got {mean}"
    assert abs(var - 32 / 7) < 1e-12, f"sample variance divides 32 by n - 1 = 7, got {var}"


def test_integers() -> None:
    n, mean, var = running_stats([1, 2, 3, 4])
    assert (n, mean) == (4, 2.5), f"expected (4, 2.5), got {(n, mean)}"
    assert abs(var - 5 / 3) < 1e-12, f"expected 5/3, got {var}"
