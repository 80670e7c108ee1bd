import numpy as np
import pandas as pd

from submission import clean_passengers


def _df() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["  Ann   Lee ", "Bo Chan", "Cy Diaz"],
        "sex": [" Female", "male", "MALE "],
        "age": [30.0, 20.0, np.nan],
        "embarked": ["s", None, " c"],
    })


def test_cleaned_values() -> None:
    got = clean_passengers(_df())
    assert got["name"].tolist() == ["Ann Lee", "Bo Chan", "Cy Diaz"], f"got names {got['name'].tolist()}"
    assert got["sex"].tolist() == ["female", "male", "male"], f"got {got['sex'].tolist()}"
    assert got["age"].tolist() == [30.0, 20.0, 20.0], f"Cy's age is the male median 20.0, got {got['age'].tolist()}"
    assert got["embarked"].tolist() == ["S", "U", "C"], f"got {got['embarked'].tolist()}"


def test_same_columns() -> None:
    got = clean_passengers(_df())
    assert list(got.columns) == ["name", "sex", "age", "embarked"], f"got columns {list(got.columns)}"
