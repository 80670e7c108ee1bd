import numpy as np
import pandas as pd

from submission import customer_features


def test_two_customers() -> None:
    orders = pd.DataFrame({
        "customer_id": [1, 1, 2],
        "order_date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-21"]),
        "amount": [10.0, 30.0, 5.0],
        "category": ["books", "games", "books"],
    })
    customers = pd.DataFrame({"customer_id": [1, 2]})
    got = customer_features(orders, customers, pd.Timestamp("2024-01-31"))
    expected = pd.DataFrame(
        {
            "n_orders": np.array([2, 1], dtype="int64"),
            "total_amount": [40.0, 5.0],
            "mean_amount": [20.0, 5.0],
            "days_since_last": [20.0, 10.0],
            "n_categories": np.array([2, 1], dtype="int64"),
        },
        index=pd.Index([1, 2], name="customer_id"),
    )
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_columns_in_order() -> None:
    orders = pd.DataFrame({"customer_id": [7], "order_date": pd.to_datetime(["2024-03-01"]), "amount": [1.0], "category": ["x"]})
    got = customer_features(orders, pd.DataFrame({"customer_id": [7]}), pd.Timestamp("2024-03-02"))
    assert list(got.columns) == ["n_orders", "total_amount", "mean_amount", "days_since_last", "n_categories"], f"wrong columns {list(got.columns)}"
