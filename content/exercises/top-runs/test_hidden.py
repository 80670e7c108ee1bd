import numpy as np
import pandas as pd

from submission import top_runs


def _runs():
    return pd.DataFrame({
        "run_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "status": ["FINISHED", "FAILED", "FINISHED", "RUNNING", "FINISHED", "FINISHED"],
        "start_time": pd.to_datetime(["2026-11-02 09:00", "2026-11-02 09:10", "2026-11-02 09:20",
                                      "2026-11-02 09:30", "2026-11-02 08:00", "2026-11-02 09:50"]),
        "metrics.f1": [0.80, 0.99, 0.85, 0.97, 0.85, np.nan],
    })


def test_only_finished_runs_with_a_value() -> None:
    got = top_runs(_runs(), "f1", k=10)
    assert got == ["r5", "r3", "r1"], f"skip FAILED/RUNNING runs and NaN metrics; ties by earlier start_time; got {got}"


def test_ties_then_run_id() -> None:
    runs = pd.DataFrame({
        "run_id": ["zz", "aa", "mm"],
        "status": ["FINISHED"] * 3,
        "start_time": pd.to_datetime(["2026-11-03 10:00"] * 3),
        "metrics.auc": [0.9, 0.9, 0.9],
    })
    got = top_runs(runs, "auc", k=3)
    assert got == ["aa", "mm", "zz"], f"equal metric and start_time: order by run_id; got {got}"


def test_ties_respect_start_time_when_lower_is_better() -> None:
    runs = _runs().rename(columns={"metrics.f1": "metrics.loss"})
    got = top_runs(runs, "loss", higher_is_better=False, k=3)
    assert got == ["r1", "r5", "r3"], f"lowest loss first, the 0.85 tie by earlier start_time (r5 before r3); got {got}"


def test_no_eligible_runs_and_types() -> None:
    runs = _runs()
    runs["status"] = "FAILED"
    assert top_runs(runs, "f1") == [], "no finished run: return []"
    got = top_runs(_runs(), "f1", k=1)
    assert got == ["r5"] and isinstance(got, list) and isinstance(got[0], str), f"k=1: a list with one str, got {got!r}"


def test_errors() -> None:
    for kwargs in ({"metric": "precision"}, {"metric": "f1", "k": 0}):
        try:
            top_runs(_runs(), **kwargs)
        except ValueError:
            continue
        raise AssertionError(f"top_runs(runs, **{kwargs}) must raise ValueError")


def test_input_not_modified() -> None:
    runs = _runs()
    before = runs.copy()
    top_runs(runs, "f1", k=3)
    pd.testing.assert_frame_equal(runs, before, obj="runs (the caller's DataFrame must be unchanged)")
