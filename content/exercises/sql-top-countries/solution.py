import sqlite3

QUERY = """
    SELECT c.country, COALESCE(SUM(o.amount), 0.0) AS revenue
    FROM orders AS o
    JOIN customers AS c ON c.id = o.customer_id
    GROUP BY c.country
    HAVING COUNT(o.id) >= ?
    ORDER BY revenue DESC, c.country ASC
    LIMIT ?
"""


def top_countries(conn: sqlite3.Connection, k: int, min_orders: int = 1) -> list[tuple[str, float]]:
    """Top k (country, revenue) among countries with at least min_orders orders."""
    if k <= 0:
        return []
    rows = conn.execute(QUERY, (min_orders, k)).fetchall()
    return [(country, float(revenue)) for country, revenue in rows]
