import numpy as np
import pandas as pd

from submission import fit_categories, one_hot


def test_unseen_value_gives_zero_row() -> None:
    cats = fit_categories(pd.Series(["cash", "card", "card"], name="pay"))
    got = one_hot(pd.Series(["card", "crypto", "cash"], name="pay"), cats)
    assert list(got.columns) == ["pay=card", "pay=cash"], f"columns come from training only, got {list(got.columns)}"
    assert got.iloc[1].tolist() == [0, 0], f"the unseen 'crypto' must give a row of zeros, got {got.iloc[1].tolist()}"
    assert got.iloc[0].tolist() == [1, 0] and got.iloc[2].tolist() == [0, 1], "seen values keep their columns"


def test_missing_values() -> None:
    train = pd.Series(["a", None, "b", np.nan, "a"], name="x")
    cats = fit_categories(train)
    assert cats == ["a", "b"], f"missing values are not a category: expected ['a', 'b'], got {cats}"
    got = one_hot(pd.Series([np.nan, "b", None], name="x"), cats)
    assert got.to_numpy().tolist() == [[0, 0], [0, 1], [0, 0]], f"missing values give rows of zeros, got {got.to_numpy().tolist()}"


def test_absent_category_and_order() -> None:
    got = one_hot(pd.Series(["s", "s"], name="size"), ["xl", "s", "m"])
    assert list(got.columns) == ["size=xl", "size=s", "size=m"], f"columns follow `categories` in order, got {list(got.columns)}"
    assert got["size=m"].tolist() == [0, 0] and got["size=xl"].tolist() == [0, 0], "categories not present still get a zero column"


def test_index_and_dtype() -> None:
    s = pd.Series(["b", "a"], name="k", index=[17, 3])
    got = one_hot(s, ["a", "b"])
    assert list(got.index) == [17, 3], f"keep the index of `values`, got {list(got.index)}"
    assert all(str(t) == "int64" for t in got.dtypes), f"columns must be int64, got {list(got.dtypes)}"
    assert got.loc[17, "k=b"] == 1 and got.loc[3, "k=a"] == 1, "wrong ones"


def test_empty_values() -> None:
    got = one_hot(pd.Series([], name="c", dtype=object), ["u", "v"])
    assert got.shape == (0, 2), f"no rows but both columns: expected shape (0, 2), got {got.shape}"
    assert list(got.columns) == ["c=u", "c=v"], f"got columns {list(got.columns)}"
