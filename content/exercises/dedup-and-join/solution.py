import pandas as pd


def attach_latest_profile(orders: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """orders plus country and segment from each customer's latest profile; one row per order."""
    latest = (
        profiles.sort_values("updated_at", kind="stable")  # stable: ties keep table order
        .drop_duplicates("customer_id", keep="last")
        [["customer_id", "country", "segment"]]
    )
    joined = orders.merge(latest, on="customer_id", how="left", validate="many_to_one")
    return joined.reset_index(drop=True)
