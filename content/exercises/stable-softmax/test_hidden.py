import numpy as np

from submission import softmax


def test_large_scores_do_not_overflow() -> None:
    with np.errstate(all="ignore"):
        got = softmax(np.array([1000.0, 1001.0, 1002.0]))
    assert np.all(np.isfinite(got)), f"got {got}: exp(1000) overflows; subtract the maximum first"
    expected = np.exp([-2.0, -1.0, 0.0]) / np.exp([-2.0, -1.0, 0.0]).sum()
    np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg="softmax is shift-invariant")


def test_very_negative_scores() -> None:
    with np.errstate(all="ignore"):
        got = softmax(np.array([-1000.0, -1000.0]))
    np.testing.assert_allclose(got, [0.5, 0.5], rtol=1e-12, err_msg="exp(-1000) underflows to 0: 0/0 is nan")


def test_masked_minus_inf() -> None:
    with np.errstate(all="ignore"):
        got = softmax(np.array([[2.0, -np.inf, 0.0], [-np.inf, 3.0, -np.inf]]))
    assert np.all(np.isfinite(got)), f"-inf scores must give probability 0, got {got}"
    assert got[0, 1] == 0.0 and got[1, 0] == 0.0, "a masked (-inf) position must get probability 0"
    np.testing.assert_allclose(got[1], [0.0, 1.0, 0.0], atol=1e-15, err_msg="one finite score gets all the mass")


def test_axis_zero_on_3d() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(scale=50.0, size=(4, 3, 2))
    with np.errstate(all="ignore"):
        got = softmax(x, axis=0)
    assert got.shape == x.shape, f"expected shape {x.shape}, got {got.shape}"
    np.testing.assert_allclose(got.sum(axis=0), np.ones((3, 2)), rtol=1e-12, err_msg="values along axis 0 must sum to 1")
    e = np.exp(x - x.max(axis=0, keepdims=True))
    np.testing.assert_allclose(got, e / e.sum(axis=0), rtol=1e-10, err_msg="wrong values with axis=0")


def test_integer_input_and_no_mutation() -> None:
    x = np.array([[1, 2], [3, 3]])
    before = x.copy()
    got = softmax(x)
    assert got.dtype.kind == "f", f"expected a float array, got dtype {got.dtype}"
    np.testing.assert_array_equal(x, before, err_msg="softmax must not change its input")
    np.testing.assert_allclose(got[1], [0.5, 0.5], rtol=1e-12)


def test_row_sums_for_wide_logits() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(scale=300.0, size=(50, 10))
    with np.errstate(all="ignore"):
        got = softmax(x, axis=1)
    assert np.all(np.isfinite(got)), "scores of a few hundred must not give nan"
    np.testing.assert_allclose(got.sum(axis=1), np.ones(50), rtol=1e-12, err_msg="rows must sum to 1")
