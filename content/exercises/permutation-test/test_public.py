import numpy as np

from submission import permutation_test


def test_no_difference() -> None:
    d, p = permutation_test(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0]), n_permutations=200)
    assert abs(d) < 1e-12, f"equal means: d_obs is 0, got {d}"
    assert p == 1.0, f"every shuffle is at least as extreme as 0: p = (200 + 1) / (200 + 1) = 1.0, got {p}"


def test_clear_difference() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
    b = a + 100.0
    d, p = permutation_test(a, b, n_permutations=500, seed=1)
    assert abs(d - 100.0) < 1e-9, f"mean(b) - mean(a) is 100, got {d}"
    assert p < 0.01, f"separated groups give a tiny p-value, got {p}"
