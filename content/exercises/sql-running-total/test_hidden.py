import sqlite3

from submission import running_totals


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, order_date TEXT);
        INSERT INTO orders VALUES
            (7, 2, 4.0, '2024-02-01'),
            (3, 1, 10.0, '2024-01-05'),
            (5, 1, 20.0, '2024-01-05'),
            (1, 1, 1.0, '2024-01-09'),
            (9, 3, NULL, '2024-01-01'),
            (2, 3, 6.0, '2024-01-02'),
            (4, 2, 8.0, '2024-01-15');
    """)
    return conn


def test_same_day_orders() -> None:
    got = [r for r in running_totals(_db()) if r[0] == 1]
    assert got == [(1, 3, 1, 10.0), (1, 5, 2, 30.0), (1, 1, 3, 31.0)], f"orders 3 and 5 share a date: totals 10 then 30 (ties by id), got {got}"


def test_null_amount_adds_zero() -> None:
    got = [r for r in running_totals(_db()) if r[0] == 3]
    assert got == [(3, 9, 1, 0.0), (3, 2, 2, 6.0)], f"a NULL amount adds 0 and its total is 0.0, not None; got {got}"


def test_row_order_and_partitions() -> None:
    got = running_totals(_db())
    assert [r[1] for r in got] == [3, 5, 1, 4, 7, 9, 2], f"sort by customer, date, id; got order ids {[r[1] for r in got]}"
    assert [r for r in got if r[0] == 2] == [(2, 4, 1, 8.0), (2, 7, 2, 12.0)], "each customer's total restarts from 0"


def test_types() -> None:
    for row in running_totals(_db()):
        assert len(row) == 4, f"rows have 4 fields, got {row}"
        assert isinstance(row[2], int) and isinstance(row[3], float), f"order_number is an int and running_total a float, got {row}"
