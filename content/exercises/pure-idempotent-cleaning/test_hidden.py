import numpy as np
import pandas as pd

from submission import clean_passengers


def _df() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["Ann  Lee", " Ann Lee", "Bo Chan", "Di Ek", "Fay Go", "Gil Ho", "Ike Ju"],
        "sex": ["female", "Female ", "male", "female", "MALE", "other", "female"],
        "age": [30.0, 30.0, 40.0, np.nan, np.nan, np.nan, 50.0],
        "embarked": ["S", " s", None, "q", "C", None, "S"],
    }, index=[10, 11, 12, 13, 14, 15, 16])


def test_input_not_modified() -> None:
    df = _df()
    before = df.copy()
    clean_passengers(df)
    pd.testing.assert_frame_equal(df, before, obj="the input frame (must not be modified)")


def test_idempotent() -> None:
    once = clean_passengers(_df())
    twice = clean_passengers(once)
    pd.testing.assert_frame_equal(twice, once, obj="clean(clean(df)) vs clean(df)")


def test_medians_per_sex_with_fallback() -> None:
    got = clean_passengers(_df()).set_index("name")
    assert got.loc["Di Ek", "age"] == 30.0, f"the known female ages are 30, 30, 50 (duplicates are dropped last): median 30.0, got {got.loc['Di Ek', 'age']}"
    assert got.loc["Fay Go", "age"] == 40.0, f"the only known male age is 40.0, got {got.loc['Fay Go', 'age']}"
    assert got.loc["Gil Ho", "age"] == 35.0, f"'other' has no known age: use the median of all known ages (30, 30, 40, 50) = 35.0, got {got.loc['Gil Ho', 'age']}"
    assert str(got["age"].dtype) == "float64", f"age must be float64, got {got['age'].dtype}"


def test_duplicates_after_cleaning_and_index() -> None:
    got = clean_passengers(_df())
    assert len(got) == 6, f"rows 10 and 11 are the same passenger once cleaned: 6 rows, got {len(got)}"
    assert list(got.index) == list(range(6)), f"the index must be reset to 0..n-1, got {list(got.index)}"
    assert got["name"].tolist()[0] == "Ann Lee", "keep the first of the duplicates"
    assert got["embarked"].isna().sum() == 0 and got["age"].isna().sum() == 0, "no missing values may remain"


def test_no_known_age_raises() -> None:
    df = pd.DataFrame({"name": ["A"], "sex": ["male"], "age": [np.nan], "embarked": ["S"]})
    try:
        clean_passengers(df)
    except ValueError:
        return
    raise AssertionError("no known age at all must raise ValueError")
