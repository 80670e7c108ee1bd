import sqlite3

from submission import run_batch


def _rows(ids):
    return [{"id": i, "features": {"x": float(i)}} for i in ids]


def _score(features):
    return features["x"] * 2.0


def _table(conn):
    return conn.execute("SELECT run_date, id, score FROM predictions ORDER BY run_date, id").fetchall()


def test_rerun_with_fewer_rows_removes_stale_predictions() -> None:
    conn = sqlite3.connect(":memory:")
    run_batch(conn, "d1", _rows([1, 2, 3]), _score)
    n = run_batch(conn, "d1", _rows([2, 3]), _score)
    assert _table(conn) == [("d1", 2, 4.0), ("d1", 3, 6.0)], f"the date's rows must be exactly this run's rows, got {_table(conn)}"
    assert n == 2, f"two rows stored for d1, got {n}"


def test_other_dates_untouched() -> None:
    conn = sqlite3.connect(":memory:")
    run_batch(conn, "d1", _rows([1, 2]), _score)
    run_batch(conn, "d2", _rows([1]), lambda f: 7.0)
    run_batch(conn, "d1", _rows([1, 2]), lambda f: -1.0)
    assert _table(conn) == [("d1", 1, -1.0), ("d1", 2, -1.0), ("d2", 1, 7.0)], f"re-running d1 must not touch d2: {_table(conn)}"


def test_failure_halfway_changes_nothing() -> None:
    conn = sqlite3.connect(":memory:")
    run_batch(conn, "d1", _rows([1, 2, 3]), _score)
    before = _table(conn)

    def flaky(features):
        if features["x"] == 3.0:
            raise RuntimeError("model server timeout")
        return 100.0

    try:
        run_batch(conn, "d1", _rows([1, 2, 3, 4]), flaky)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the scoring error must propagate to the caller")
    assert _table(conn) == before, f"a failed run must leave the previous predictions intact, got {_table(conn)}"
    assert not conn.in_transaction, "no transaction may be left open after a failure"


def test_committed_and_empty_run() -> None:
    conn = sqlite3.connect(":memory:")
    run_batch(conn, "d1", _rows([5, 6]), _score)
    assert not conn.in_transaction, "commit before returning"
    n = run_batch(conn, "d1", [], _score)
    assert n == 0 and _table(conn) == [], f"an empty batch leaves no predictions for that date, got {n} and {_table(conn)}"


def test_duplicate_ids_rejected_before_writing() -> None:
    conn = sqlite3.connect(":memory:")
    run_batch(conn, "d1", _rows([1]), _score)
    try:
        run_batch(conn, "d1", _rows([2, 2]), _score)
    except ValueError:
        pass
    else:
        raise AssertionError("duplicate ids in one batch must raise ValueError")
    assert _table(conn) == [("d1", 1, 2.0)], f"nothing may be written when the input is invalid, got {_table(conn)}"


def test_existing_table_is_reused() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE predictions (run_date TEXT NOT NULL, id INTEGER NOT NULL, score REAL NOT NULL, "
                 "PRIMARY KEY (run_date, id))")
    conn.execute("INSERT INTO predictions VALUES ('d0', 9, 0.5)")
    conn.commit()
    run_batch(conn, "d1", _rows([1]), _score)
    assert _table(conn) == [("d0", 9, 0.5), ("d1", 1, 2.0)], f"keep the existing table and its other dates, got {_table(conn)}"
