import sqlite3

from submission import run_batch


def _rows(n):
    return [{"id": i, "features": [float(i), 1.0]} for i in range(n)]


def _score(features):
    return 0.5 * features[0] + features[1]


def test_stores_one_row_per_input() -> None:
    conn = sqlite3.connect(":memory:")
    written = run_batch(conn, "2026-12-01", _rows(3), _score)
    got = conn.execute("SELECT run_date, id, score FROM predictions ORDER BY id").fetchall()
    assert written == 3, f"return the number of rows stored, got {written}"
    assert got == [("2026-12-01", 0, 1.0), ("2026-12-01", 1, 1.5), ("2026-12-01", 2, 2.0)], f"unexpected table contents {got}"


def test_running_twice_changes_nothing() -> None:
    conn = sqlite3.connect(":memory:")
    run_batch(conn, "2026-12-01", _rows(4), _score)
    first = conn.execute("SELECT * FROM predictions ORDER BY run_date, id").fetchall()
    run_batch(conn, "2026-12-01", _rows(4), _score)
    second = conn.execute("SELECT * FROM predictions ORDER BY run_date, id").fetchall()
    assert second == first, "a re-run for the same date must leave exactly the same rows (no duplicates, no error)"
