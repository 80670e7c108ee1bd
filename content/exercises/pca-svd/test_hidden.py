import numpy as np
from numpy.testing import assert_allclose
from sklearn.decomposition import PCA

from submission import pca


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(60, 5)) @ rng.normal(size=(5, 5)) + 10.0


def test_matches_sklearn_up_to_sign() -> None:
    X = _data()
    scores, components, ratio = pca(X, 3)
    ref = PCA(n_components=3).fit(X)
    assert_allclose(np.abs(components @ ref.components_.T), np.eye(3), atol=1e-8, err_msg="components differ from sklearn's (up to sign)")
    assert_allclose(ratio, ref.explained_variance_ratio_, rtol=1e-8, err_msg="explained_variance_ratio differs from sklearn's")


def test_sign_convention() -> None:
    X = _data(1)
    scores, components, _ = pca(X, 4)
    top = components[np.arange(4), np.argmax(np.abs(components), axis=1)]
    assert np.all(top > 0), f"each component's largest-magnitude entry must be positive, got {top}"
    assert_allclose(scores, (X - X.mean(axis=0)) @ components.T, atol=1e-9, err_msg="flip the scores together with the components")


def test_ratio_uses_total_variance() -> None:
    X = _data(2)
    _, _, ratio = pca(X, 2)
    total = np.var(X, axis=0).sum()
    first_two = np.var((X - X.mean(axis=0)) @ PCA(2).fit(X).components_.T, axis=0)
    assert_allclose(ratio, first_two / total, rtol=1e-8, err_msg="divide by the variance of all directions, not only the first k")
    assert ratio.sum() < 1.0, "two of five components cannot explain everything here"


def test_full_reconstruction_and_orthonormal() -> None:
    X = _data(3)
    scores, components, ratio = pca(X, 5)
    assert_allclose(scores @ components + X.mean(axis=0), X, atol=1e-9, err_msg="all components must reconstruct X")
    assert_allclose(components @ components.T, np.eye(5), atol=1e-10, err_msg="components are orthonormal rows")
    assert_allclose(ratio.sum(), 1.0, atol=1e-12, err_msg="all components explain all the variance")


def test_input_unchanged_and_errors() -> None:
    X = _data(4)
    before = X.copy()
    pca(X, 2)
    assert np.array_equal(X, before), "X was modified: centre a copy"
    for k in (0, 6):
        try:
            pca(X, k)
        except ValueError:
            continue
        raise AssertionError(f"n_components={k} with d=5 must raise ValueError")
