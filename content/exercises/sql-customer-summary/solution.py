import sqlite3

QUERY = """
    SELECT c.id,
           c.name,
           COUNT(o.id)                   AS n_orders,
           COALESCE(SUM(o.amount), 0.0)  AS total,
           MAX(o.amount)                 AS largest
    FROM customers AS c
    LEFT JOIN orders AS o
           ON o.customer_id = c.id
          AND o.order_date >= ?          -- in ON, so customers without recent orders stay
    GROUP BY c.id, c.name
    ORDER BY total DESC, c.id ASC
"""


def customer_summary(conn: sqlite3.Connection, since: str) -> list[tuple[int, str, int, float, float | None]]:
    """(id, name, n_orders, total, largest) for every customer, orders on or after `since`."""
    rows = conn.execute(QUERY, (since,)).fetchall()
    return [(cid, name, n, float(total), largest) for cid, name, n, total, largest in rows]
