import sqlite3

QUERY = """
    SELECT customer_id,
           id,
           ROW_NUMBER() OVER w                 AS order_number,
           SUM(COALESCE(amount, 0.0)) OVER w   AS running_total
    FROM orders
    WINDOW w AS (PARTITION BY customer_id ORDER BY order_date, id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ORDER BY customer_id, order_date, id
"""


def running_totals(conn: sqlite3.Connection) -> list[tuple[int, int, int, float]]:
    """(customer_id, order_id, order_number, running_total) per order."""
    rows = conn.execute(QUERY).fetchall()
    return [(cid, oid, n, float(total)) for cid, oid, n, total in rows]
