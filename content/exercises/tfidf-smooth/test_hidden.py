import numpy as np
from numpy.testing import assert_allclose
from sklearn.feature_extraction.text import TfidfVectorizer

from submission import tfidf


def _corpus():
    rng = np.random.default_rng(2)
    words = [f"w{i}" for i in range(30)] + ["Model", "model"]
    return [list(rng.choice(words, size=rng.integers(1, 25))) for _ in range(40)]


def test_matches_sklearn_on_a_corpus() -> None:
    docs = _corpus()
    matrix, vocab = tfidf(docs)
    vec = TfidfVectorizer(analyzer=lambda d: d)
    want = vec.fit_transform(docs).toarray()
    assert list(vocab) == list(vec.get_feature_names_out()), "vocabulary differs: sorted, case-sensitive tokens"
    assert_allclose(matrix, want, rtol=1e-9, atol=1e-12, err_msg="TF-IDF differs from TfidfVectorizer's defaults")


def test_empty_document_is_a_zero_row() -> None:
    matrix, _ = tfidf([["a", "b"], [], ["b", "c"]])
    assert not np.any(np.isnan(matrix)), "an empty document must not produce nan (0 / 0)"
    assert_allclose(matrix[1], 0.0, err_msg="an empty document is a row of zeros")


def test_token_in_every_document_has_idf_one() -> None:
    matrix, vocab = tfidf([["x"], ["x"], ["x"]])
    assert list(vocab) == ["x"], f"vocabulary should be ['x'], got {vocab}"
    assert_allclose(matrix, [[1.0], [1.0], [1.0]], err_msg="idf = ln(4/4) + 1 = 1, then each row has norm 1")


def test_rows_have_unit_norm_and_float_dtype() -> None:
    matrix, _ = tfidf(_corpus())
    assert np.issubdtype(np.asarray(matrix).dtype, np.floating), "the matrix must be float"
    assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, rtol=1e-10, err_msg="every non-empty row must have L2 norm 1")


def test_smooth_idf_not_plain_idf() -> None:
    docs = [["rare", "common"], ["common"], ["common"], ["common"]]
    matrix, vocab = tfidf(docs)
    idf_rare = np.log(5 / 2) + 1
    row = np.array([1.0, idf_rare])
    assert list(vocab) == ["common", "rare"], f"vocabulary should be ['common', 'rare'], got {vocab}"
    assert_allclose(matrix[0], row / np.linalg.norm(row), rtol=1e-10,
                    err_msg="smooth idf: ln((1 + n) / (1 + df)) + 1, not ln(n / df)")
