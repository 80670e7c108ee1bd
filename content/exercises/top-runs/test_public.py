import pandas as pd

from submission import top_runs


def _runs():
    return pd.DataFrame({
        "run_id": ["a1", "b2", "c3", "d4"],
        "status": ["FINISHED"] * 4,
        "start_time": pd.to_datetime(["2026-11-01 10:00", "2026-11-01 11:00", "2026-11-01 12:00", "2026-11-01 13:00"]),
        "metrics.accuracy": [0.91, 0.94, 0.89, 0.93],
        "metrics.rmse": [3.2, 2.9, 3.5, 3.0],
    })


def test_best_two_by_accuracy() -> None:
    got = top_runs(_runs(), "accuracy")
    assert got == ["b2", "d4"], f"the two highest accuracies are b2 (0.94) and d4 (0.93), got {got}"


def test_lower_is_better() -> None:
    got = top_runs(_runs(), "rmse", higher_is_better=False, k=3)
    assert got == ["b2", "d4", "a1"], f"lowest RMSE first: b2, d4, a1; got {got}"
