from submission import roc_auc


def test_small_example() -> None:
    got = roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    assert abs(got - 0.75) < 1e-12, f"3 of the 4 positive/negative pairs are ranked correctly: 0.75; got {got}"


def test_a_tie_counts_half() -> None:
    got = roc_auc([0, 1], [0.5, 0.5])
    assert abs(got - 0.5) < 1e-12, f"one pair, tied: it counts 1/2; got {got}"
