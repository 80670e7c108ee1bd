import sqlite3

from submission import customer_summary


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, country TEXT);
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, order_date TEXT);
        INSERT INTO customers VALUES (1, 'Ana', 'PT'), (2, 'Ben', 'UK');
        INSERT INTO orders VALUES (1, 1, 10.0, '2024-02-01'), (2, 1, 30.0, '2024-03-01'), (3, 2, 15.0, '2024-03-05');
    """)
    return conn


def test_all_orders() -> None:
    got = customer_summary(_db(), "2024-01-01")
    assert got == [(1, "Ana", 2, 40.0, 30.0), (2, "Ben", 1, 15.0, 15.0)], f"got {got}"


def test_since_filters_orders() -> None:
    got = customer_summary(_db(), "2024-03-01")
    assert got[0] == (1, "Ana", 1, 30.0, 30.0), f"only Ana's 2024-03-01 order counts: got {got[0]}"
