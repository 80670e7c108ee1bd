import sqlite3


def customer_summary(conn: sqlite3.Connection, since: str) -> list[tuple[int, str, int, float, float | None]]:
    """(id, name, n_orders, total, largest) for every customer, orders on or after `since`."""
    query = """
        SELECT c.id, c.name, COUNT(*), SUM(o.amount), MAX(o.amount)
        FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
        WHERE o.order_date >= ?
        GROUP BY c.id, c.name
        ORDER BY SUM(o.amount) DESC, c.id
    """
    return conn.execute(query, (since,)).fetchall()
