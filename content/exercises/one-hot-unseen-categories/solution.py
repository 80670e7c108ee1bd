import numpy as np
import pandas as pd


def fit_categories(train: pd.Series) -> list[str]:
    """The distinct non-missing values of train, sorted."""
    return sorted(train.dropna().unique().tolist())


def one_hot(values: pd.Series, categories: list[str]) -> pd.DataFrame:
    """One int64 column per category, named f"{values.name}={category}"; unseen values give zeros."""
    columns = {
        f"{values.name}={category}": (values == category).to_numpy(dtype=np.int64)
        for category in categories
    }
    # Missing and unseen values equal no category, so their rows are all zeros.
    return pd.DataFrame(columns, index=values.index, columns=list(columns))
