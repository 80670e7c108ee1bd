import pandas as pd


def customer_features(orders: pd.DataFrame, customers: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per customer: n_orders, total_amount, mean_amount, days_since_last, n_categories."""
    ids = pd.Index(sorted(customers["customer_id"].unique()), name="customer_id")
    past = orders[(orders["order_date"] <= as_of) & orders["customer_id"].isin(ids)]
    g = past.groupby("customer_id")
    features = pd.DataFrame({
        "n_orders": g.size(),  # size counts rows; count() would skip missing amounts
        "total_amount": g["amount"].sum(),
        "mean_amount": g["amount"].mean(),
        "days_since_last": (as_of - g["order_date"].max()) / pd.Timedelta(days=1),
        "n_categories": g["category"].nunique(),
    })
    # Customers without orders have no group: add them back with their defaults.
    features = features.reindex(ids)
    features = features.fillna({"n_orders": 0, "total_amount": 0.0, "n_categories": 0})
    return features.astype({
        "n_orders": "int64",
        "total_amount": "float64",
        "mean_amount": "float64",
        "days_since_last": "float64",
        "n_categories": "int64",
    })
