import sqlite3

from submission import customer_summary


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, country TEXT);
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, order_date TEXT);
        INSERT INTO customers VALUES (1, 'Ana', 'PT'), (2, 'Ben', 'UK'), (3, 'Cleo', 'FR'), (4, 'Dev', 'IN');
        INSERT INTO orders VALUES
            (1, 1, 20.0, '2024-05-01'), (2, 1, 5.0, '2023-12-31'),
            (3, 2, 12.0, '2024-01-15'), (4, 2, 8.0, '2024-06-30'),
            (5, 4, 99.0, '2023-06-01');
    """)
    return conn


def test_customer_without_orders() -> None:
    got = {row[0]: row for row in customer_summary(_db(), "2000-01-01")}
    assert 3 in got, "Cleo has no orders but must be listed: use a LEFT JOIN"
    assert got[3] == (3, "Cleo", 0, 0.0, None), f"no orders: (3, 'Cleo', 0, 0.0, None), got {got[3]} (COUNT(*) counts the NULL row)"


def test_old_orders_only_customer_is_kept() -> None:
    got = {row[0]: row for row in customer_summary(_db(), "2024-01-01")}
    assert set(got) == {1, 2, 3, 4}, f"every customer must appear, got ids {sorted(got)} (a WHERE on the date drops them)"
    assert got[4] == (4, "Dev", 0, 0.0, None), f"Dev's only order is from 2023: (4, 'Dev', 0, 0.0, None), got {got[4]}"
    assert got[1] == (1, "Ana", 1, 20.0, 20.0), f"only Ana's 2024 order counts, got {got[1]}"


def test_order_of_rows() -> None:
    got = customer_summary(_db(), "2024-01-01")
    assert [row[0] for row in got] == [1, 2, 3, 4], f"totals 20, 20, 0, 0: ties by id; got ids {[row[0] for row in got]}"
    got = customer_summary(_db(), "2023-01-01")
    assert [row[0] for row in got] == [4, 1, 2, 3], f"totals 99, 25, 20, 0; got ids {[row[0] for row in got]}"


def test_types() -> None:
    for cid, name, n, total, largest in customer_summary(_db(), "2024-06-01"):
        assert isinstance(n, int) and isinstance(total, float), f"n_orders is an int and total a float, got {(n, total)}"
        assert largest is None or isinstance(largest, float), f"largest is a float or None, got {largest!r}"
