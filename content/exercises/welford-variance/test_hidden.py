import math
import statistics

from submission import running_stats


def test_large_offset() -> None:
    data = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]
    n, mean, var = running_stats(data)
    assert abs(mean - (1e9 + 10)) < 1e-6, f"expected mean 1e9 + 10, got {mean!r}"
    assert abs(var - 30.0) < 1e-6, f"the spread is the same as 4, 7, 13, 16: variance 30, got {var!r} (cancellation?)"


def test_large_offset_many_values() -> None:
    data = [1e8 + (i % 10) * 0.1 for i in range(10_000)]
    n, mean, var = running_stats(data)
    expected = statistics.variance([(i % 10) * 0.1 for i in range(10_000)])
    assert n == 10_000, f"expected count 10000, got {n}"
    assert abs(var - expected) < 1e-6, f"expected variance {expected:.6f}, got {var!r}"


def test_generator_read_once() -> None:
    consumed = []

    def gen():
        for x in (3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0):
            consumed.append(x)
            yield x

    n, mean, var = running_stats(gen())
    assert len(consumed) == 8, "read the generator once"
    assert n == 8 and abs(mean - 31 / 8) < 1e-12, f"expected (8, 3.875), got {(n, mean)}"
    assert abs(var - statistics.variance([3, 1, 4, 1, 5, 9, 2, 6])) < 1e-12, f"wrong variance {var}"


def test_empty_and_single() -> None:
    n, mean, var = running_stats([])
    assert n == 0 and math.isnan(mean) and math.isnan(var), f"no values: (0, nan, nan), got {(n, mean, var)}"
    n, mean, var = running_stats(iter([42.0]))
    assert n == 1 and mean == 42.0 and math.isnan(var), f"one value: (1, 42.0, nan), got {(n, mean, var)}"


def test_matches_statistics_module() -> None:
    data = [0.1 * k - 3.7 for k in range(97)] + [1e3, -2e3]
    n, mean, var = running_stats(data)
    assert abs(mean - statistics.fmean(data)) < 1e-9, f"mean should be {statistics.fmean(data)}, got {mean}"
    assert math.isclose(var, statistics.variance(data), rel_tol=1e-12), f"variance should be {statistics.variance(data)}, got {var}"
