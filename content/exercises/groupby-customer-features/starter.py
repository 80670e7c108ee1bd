import pandas as pd


def customer_features(orders: pd.DataFrame, customers: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per customer: n_orders, total_amount, mean_amount, days_since_last, n_categories."""
    g = orders.groupby("customer_id")  # every order, every customer id seen in orders
    return pd.DataFrame({
        "n_orders": g["amount"].count(),
        "total_amount": g["amount"].sum(),
        "mean_amount": g["amount"].mean(),
        "days_since_last": (as_of - g["order_date"].max()) / pd.Timedelta(days=1),
        "n_categories": g["category"].nunique(),
    })
