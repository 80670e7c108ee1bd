import numpy as np

from submission import permutation_test


def _recipe(a, b, n, seed):
    a, b = np.asarray(a, float), np.asarray(b, float)
    d_obs = b.mean() - a.mean()
    pooled = np.concatenate([a, b])
    rng = np.random.default_rng(seed)
    count = 0
    for _ in range(n):
        s = rng.permutation(pooled)
        if abs(s[len(a):].mean() - s[: len(a)].mean()) >= abs(d_obs) - 1e-9:
            count += 1
    return float(d_obs), (count + 1) / (n + 1)


def _raises(*args, **kwargs) -> bool:
    try:
        permutation_test(*args, **kwargs)
    except ValueError:
        return True
    return False


def test_matches_the_recipe() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(0.0, 1.0, size=25), rng.normal(0.5, 1.0, size=30)
    for seed in (0, 7):
        got = permutation_test(a, b, n_permutations=1000, seed=seed)
        exp = _recipe(a, b, 1000, seed)
        assert abs(got[0] - exp[0]) < 1e-12, f"d_obs should be {exp[0]}, got {got[0]}"
        assert abs(got[1] - exp[1]) < 1e-12, f"seed {seed}: p should be {exp[1]} (two-sided, +1 correction), got {got[1]}"


def test_two_sided() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.normal(1.0, 1.0, size=20), rng.normal(0.0, 1.0, size=20)  # b lower: d_obs < 0
    d, p = permutation_test(a, b, n_permutations=800, seed=2)
    assert d < 0, f"mean(b) - mean(a) is negative here, got {d}"
    assert abs(p - _recipe(a, b, 800, 2)[1]) < 1e-12, "count abs(d) >= abs(d_obs): a negative difference is as extreme as a positive one"


def test_binary_data_with_ties() -> None:
    a = np.array([1] * 10 + [0] * 90)   # 10% conversion
    b = np.array([1] * 16 + [0] * 84)   # 16% conversion
    d, p = permutation_test(a, b, n_permutations=2000, seed=3)
    exp = _recipe(a, b, 2000, 3)
    assert abs(d - 0.06) < 1e-12, f"d_obs = 0.16 - 0.10 = 0.06, got {d}"
    assert abs(p - exp[1]) < 1e-12, f"0/1 data ties often: count abs(d) >= abs(d_obs) - 1e-9; expected p {exp[1]}, got {p}"


def test_separated_groups_and_types() -> None:
    a = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    b = np.array([101, 102, 103, 104, 105, 106, 107, 108, 109, 110])
    d, p = permutation_test(a, b, n_permutations=300, seed=4)
    assert isinstance(d, float) and isinstance(p, float), f"return two floats, got {type(d)}, {type(p)}"
    assert abs(d - 100.0) < 1e-9, f"d_obs is 100, got {d}"
    assert abs(p - 1 / 301) < 1e-12, f"no shuffle is as extreme (bar the identity, vanishingly rare): p = 1/301, got {p}"


def test_errors_and_no_mutation() -> None:
    a, b = np.array([3.0, 1.0]), np.array([2.0, 5.0])
    permutation_test(a, b, n_permutations=10)
    np.testing.assert_array_equal(a, [3.0, 1.0], err_msg="do not shuffle the inputs in place")
    np.testing.assert_array_equal(b, [2.0, 5.0], err_msg="do not shuffle the inputs in place")
    assert _raises(np.array([]), b), "an empty group must raise ValueError"
    assert _raises(a, np.array([])), "an empty group must raise ValueError"
    assert _raises(a, b, n_permutations=0), "n_permutations=0 must raise ValueError"
