import sqlite3


def run_batch(conn, run_date, rows, score):
    """Store score(row["features"]) for every row under run_date; idempotent and all-or-nothing.

    This version appends: a re-run fails on the primary key, and a failure halfway leaves half a batch.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS predictions ("
        "run_date TEXT NOT NULL, id INTEGER NOT NULL, score REAL NOT NULL, PRIMARY KEY (run_date, id))"
    )
    for row in rows:
        conn.execute("INSERT INTO predictions VALUES (?, ?, ?)", (run_date, row["id"], score(row["features"])))
        conn.commit()
    return len(rows)
