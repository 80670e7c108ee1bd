import sqlite3

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS predictions ("
    "run_date TEXT NOT NULL, id INTEGER NOT NULL, score REAL NOT NULL, PRIMARY KEY (run_date, id))"
)


def run_batch(conn, run_date, rows, score):
    """Store score(row["features"]) for every row under run_date; idempotent and all-or-nothing."""
    ids = [row["id"] for row in rows]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate ids in the batch")
    # Score everything before touching the database: a failure here changes nothing.
    records = [(run_date, row["id"], float(score(row["features"]))) for row in rows]
    with conn:  # one transaction: commit on success, roll back on any error
        conn.execute(SCHEMA)
        conn.execute("DELETE FROM predictions WHERE run_date = ?", (run_date,))
        conn.executemany("INSERT INTO predictions (run_date, id, score) VALUES (?, ?, ?)", records)
    return len(records)
