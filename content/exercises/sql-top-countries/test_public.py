import sqlite3

from submission import top_countries


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, country TEXT);
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, order_date TEXT);
        INSERT INTO customers VALUES (1, 'Ana', 'PT'), (2, 'Ben', 'UK'), (3, 'Cleo', 'PT'), (4, 'Dev', 'IN');
        INSERT INTO orders VALUES
            (1, 1, 10.0, '2024-01-01'), (2, 2, 50.0, '2024-01-02'), (3, 3, 25.0, '2024-01-03'),
            (4, 4, 5.0, '2024-01-04'), (5, 1, 5.0, '2024-01-05');
    """)
    return conn


def test_top_two() -> None:
    got = top_countries(_db(), 2)
    assert [c for c, _ in got] == ["UK", "PT"], f"UK has 50, PT has 40: expected ['UK', 'PT'], got {got}"
    assert abs(got[1][1] - 40.0) < 1e-9, f"PT revenue is 10 + 25 + 5 = 40, got {got[1][1]}"


def test_all_countries() -> None:
    got = top_countries(_db(), 10)
    assert len(got) == 3, f"only 3 countries exist, got {got}"
