import numpy as np


class Standardiser:
    """Learn column means and standard deviations in fit; apply them in transform."""

    def fit(self, X: np.ndarray) -> "Standardiser":
        X = np.asarray(X, dtype=float)
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        return (X - X.mean(axis=0)) / X.std(axis=0)  # leaks: uses the statistics of X itself

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        return self.fit(X).transform(X)
