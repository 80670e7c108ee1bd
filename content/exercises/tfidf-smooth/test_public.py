import math

import numpy as np
from numpy.testing import assert_allclose

from submission import tfidf


def test_vocabulary_is_sorted() -> None:
    _, vocab = tfidf([["the", "cat"], ["a", "dog"]])
    assert list(vocab) == ["a", "cat", "dog", "the"], f"vocabulary must be the sorted distinct tokens, got {vocab}"


def test_two_documents() -> None:
    matrix, vocab = tfidf([["cat", "sat"], ["cat", "cat", "ran"]])
    # vocab: cat, ran, sat; n = 2; idf(cat) = ln(3/3) + 1 = 1, idf(ran) = idf(sat) = ln(3/2) + 1
    idf_rare = math.log(1.5) + 1
    row0 = np.array([1.0, 0.0, idf_rare])
    row1 = np.array([2.0, idf_rare, 0.0])
    assert np.shape(matrix) == (2, 3), f"expected shape (2, 3), got {np.shape(matrix)}"
    assert_allclose(matrix, [row0 / np.linalg.norm(row0), row1 / np.linalg.norm(row1)], rtol=1e-10,
                    err_msg="raw counts times smooth idf, each row divided by its L2 norm")
