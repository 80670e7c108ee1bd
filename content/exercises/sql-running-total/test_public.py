import sqlite3

from submission import running_totals


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, order_date TEXT);
        INSERT INTO orders VALUES (1, 1, 10.0, '2024-01-01'), (2, 1, 5.0, '2024-01-03'), (3, 2, 7.0, '2024-01-02');
    """)
    return conn


def test_running_totals() -> None:
    got = running_totals(_db())
    assert got == [(1, 1, 1, 10.0), (1, 2, 2, 15.0), (2, 3, 1, 7.0)], f"got {got}"


def test_one_row_per_order() -> None:
    assert len(running_totals(_db())) == 3, "one row per order"
