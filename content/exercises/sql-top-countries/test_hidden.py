import sqlite3

from submission import top_countries


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, country TEXT);
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, order_date TEXT);
        INSERT INTO customers VALUES
            (1, 'Ana', 'PT'), (2, 'Ben', 'UK'), (3, 'Cleo', 'FR'), (4, 'Dev', 'DE'), (5, 'Eve', 'FR'), (6, 'Fay', 'NO');
        INSERT INTO orders VALUES
            (1, 1, 30.0, '2024-01-01'), (2, 2, 30.0, '2024-01-02'),
            (3, 3, 10.0, '2024-01-03'), (4, 5, 20.0, '2024-01-04'),
            (5, 4, 12.5, '2024-01-05'), (6, 4, NULL, '2024-01-06'), (7, 4, 0.5, '2024-01-07'),
            (8, 99, 1000.0, '2024-01-08');
    """)
    return conn


def test_ties_by_country_name() -> None:
    got = top_countries(_db(), 3)
    assert [c for c, _ in got] == ["FR", "PT", "UK"], f"FR, PT and UK all have 30.0: ties go by name; got {got}"


def test_orphan_orders_ignored() -> None:
    got = dict(top_countries(_db(), 10))
    assert all(v < 1000 for v in got.values()), f"order 8 belongs to no customer and must not count: {got}"
    assert "NO" not in got, f"NO has no orders, so it has no revenue row: {got}"


def test_min_orders_counts_null_amounts() -> None:
    got = top_countries(_db(), 10, min_orders=3)
    assert len(got) == 1 and got[0][0] == "DE", f"only DE has 3 orders (one with a NULL amount): got {got}"
    assert abs(got[0][1] - 13.0) < 1e-9, f"DE revenue is 12.5 + 0.5 = 13.0 (NULL adds nothing), got {got[0][1]}"
    got = top_countries(_db(), 10, min_orders=2)
    assert [c for c, _ in got] == ["FR", "DE"], f"FR and DE have at least 2 orders: got {got}"


def test_k_edge_cases() -> None:
    assert top_countries(_db(), 0) == [], "k = 0 returns []"
    assert top_countries(_db(), -1) == [], "k = -1 returns [] (LIMIT -1 in SQLite returns everything)"
    got = top_countries(_db(), 50)
    assert len(got) == 4, f"4 countries have orders, got {len(got)}: {got}"
    assert all(isinstance(c, str) and isinstance(r, float) for c, r in got), f"rows must be (str, float), got {got}"


def test_database_unchanged() -> None:
    conn = _db()
    top_countries(conn, 2, min_orders=2)
    assert conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 8, "the orders table must not change"
    assert conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 6, "the customers table must not change"
