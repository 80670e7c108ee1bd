import numpy as np


def tfidf(docs):
    """TF-IDF matrix (n_docs, n_terms) with smooth idf and L2-normalised rows, and the sorted vocabulary."""
    vocabulary = sorted({token for doc in docs for token in doc})
    column = {token: j for j, token in enumerate(vocabulary)}
    n = len(docs)
    counts = np.zeros((n, len(vocabulary)))
    for i, doc in enumerate(docs):
        for token in doc:
            counts[i, column[token]] += 1
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1
    weights = counts * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    weights = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
    return weights, vocabulary
