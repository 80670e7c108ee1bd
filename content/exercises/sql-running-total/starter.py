import sqlite3


def running_totals(conn: sqlite3.Connection) -> list[tuple[int, int, int, float]]:
    """(customer_id, order_id, order_number, running_total) per order."""
    query = """
        SELECT customer_id, id,
               ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date),
               SUM(amount) OVER (PARTITION BY customer_id ORDER BY order_date)
        FROM orders
        ORDER BY customer_id, order_date, id
    """
    return conn.execute(query).fetchall()
