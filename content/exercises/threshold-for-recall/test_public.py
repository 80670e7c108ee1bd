from submission import threshold_for_recall


def test_small_example() -> None:
    y = [1, 0, 1, 1, 0, 0]
    s = [0.9, 0.8, 0.7, 0.4, 0.3, 0.1]
    t, p, r = threshold_for_recall(y, s, 0.6)
    assert t == 0.7, f"score >= 0.7 catches 2 of 3 positives (recall 0.667 >= 0.6); got threshold {t}"
    assert abs(p - 2 / 3) < 1e-12 and abs(r - 2 / 3) < 1e-12, f"precision 2/3, recall 2/3; got {(p, r)}"


def test_full_recall() -> None:
    t, p, r = threshold_for_recall([1, 0, 1, 1, 0, 0], [0.9, 0.8, 0.7, 0.4, 0.3, 0.1], 1.0)
    assert (t, r) == (0.4, 1.0), f"all positives need score >= 0.4; got threshold {t}, recall {r}"
    assert abs(p - 0.75) < 1e-12, f"4 predicted positives, 3 true: precision 0.75; got {p}"
