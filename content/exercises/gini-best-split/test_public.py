from submission import best_split, gini


def test_gini_values() -> None:
    assert abs(gini([0, 0, 1, 1]) - 0.5) < 1e-12, "two balanced classes: 1 - 0.25 - 0.25 = 0.5"
    assert abs(gini([3, 3, 3])) < 1e-12, "a pure node has impurity 0"


def test_one_clear_split() -> None:
    X = [[1.0, 5.0], [2.0, 3.0], [10.0, 4.0], [11.0, 3.5]]
    y = [0, 0, 1, 1]
    feature, threshold, gain = best_split(X, y)
    assert feature == 0, f"feature 0 separates the classes perfectly, got feature {feature}"
    assert abs(threshold - 6.0) < 1e-12, f"the threshold is the midpoint of 2 and 10: 6.0, got {threshold}"
    assert abs(gain - 0.5) < 1e-12, f"a perfect split of a 0.5-impurity node gains 0.5, got {gain}"
