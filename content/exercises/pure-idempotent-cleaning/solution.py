import pandas as pd


def clean_passengers(df: pd.DataFrame) -> pd.DataFrame:
    """Pure and idempotent: returns a cleaned copy, never modifies df."""
    out = df.copy()
    out["name"] = out["name"].str.strip().str.replace(r"\s+", " ", regex=True)
    out["sex"] = out["sex"].str.strip().str.lower()
    out["age"] = out["age"].astype("float64")
    if out["age"].notna().sum() == 0:
        raise ValueError("no known age to fill missing ages with")
    per_sex = out.groupby("sex")["age"].transform("median")  # NaN for a sex with no known age
    out["age"] = out["age"].fillna(per_sex).fillna(out["age"].median())
    out["embarked"] = out["embarked"].str.strip().str.upper().fillna("U")
    return out.drop_duplicates(keep="first").reset_index(drop=True)
