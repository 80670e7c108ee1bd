import pandas as pd

from submission import fit_categories, one_hot


def test_fit_sorted_distinct() -> None:
    got = fit_categories(pd.Series(["red", "blue", "red", "green"], name="colour"))
    assert got == ["blue", "green", "red"], f"expected ['blue', 'green', 'red'], got {got}"


def test_encode_training_values() -> None:
    s = pd.Series(["red", "blue", "red"], name="colour")
    got = one_hot(s, ["blue", "red"])
    expected = pd.DataFrame({"colour=blue": [0, 1, 0], "colour=red": [1, 0, 1]}, dtype="int64")
    pd.testing.assert_frame_equal(got, expected)
