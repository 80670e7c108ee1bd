import numpy as np
import pandas as pd

from submission import customer_features

AS_OF = pd.Timestamp("2024-06-30")


def _orders() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": [3, 3, 3, 1, 1, 9, 3],
        "order_date": pd.to_datetime(["2024-06-01", "2024-06-20", "2024-06-20", "2024-05-31", "2024-07-15", "2024-06-01", "2024-08-01"]),
        "amount": [10.0, np.nan, 20.0, 7.5, 100.0, 50.0, 999.0],
        "category": ["a", "b", "a", "c", "c", "a", "z"],
    })


def test_customer_without_orders_is_kept() -> None:
    customers = pd.DataFrame({"customer_id": [3, 1, 5]})
    got = customer_features(_orders(), customers, AS_OF)
    assert list(got.index) == [1, 3, 5], f"one row per listed customer, ascending; got index {list(got.index)}"
    row = got.loc[5]
    assert row["n_orders"] == 0 and row["total_amount"] == 0.0 and row["n_categories"] == 0, f"customer 5 has no orders: 0, 0.0, _, _, 0; got {row.to_dict()}"
    assert np.isnan(row["mean_amount"]) and np.isnan(row["days_since_last"]), "no orders: mean_amount and days_since_last are NaN"


def test_future_and_unknown_orders_are_ignored() -> None:
    got = customer_features(_orders(), pd.DataFrame({"customer_id": [1, 3]}), AS_OF)
    assert 9 not in got.index, "customer 9 is not in `customers`: no row for them"
    assert got.loc[1, "n_orders"] == 1 and got.loc[1, "total_amount"] == 7.5, f"customer 1's 2024-07-15 order is after as_of; got {got.loc[1].to_dict()}"
    assert got.loc[1, "days_since_last"] == 30.0, f"2024-05-31 to 2024-06-30 is 30 days, got {got.loc[1, 'days_since_last']}"
    assert got.loc[3, "n_categories"] == 2, f"customer 3's 'z' order is in the future: 2 categories, got {got.loc[3, 'n_categories']}"


def test_missing_amounts() -> None:
    got = customer_features(_orders(), pd.DataFrame({"customer_id": [3]}), AS_OF)
    assert got.loc[3, "n_orders"] == 3, f"an order with a missing amount is still an order: 3, got {got.loc[3, 'n_orders']} (count() skips NaN, size() does not)"
    assert got.loc[3, "total_amount"] == 30.0, f"total ignores the missing amount: 30.0, got {got.loc[3, 'total_amount']}"
    assert got.loc[3, "mean_amount"] == 15.0, f"mean of 10 and 20 is 15.0, got {got.loc[3, 'mean_amount']}"
    assert got.loc[3, "days_since_last"] == 10.0, f"last order 2024-06-20: 10 days, got {got.loc[3, 'days_since_last']}"


def test_dtypes_and_index_name() -> None:
    got = customer_features(_orders(), pd.DataFrame({"customer_id": [1, 3, 5]}), AS_OF)
    dtypes = {c: str(t) for c, t in got.dtypes.items()}
    assert dtypes == {"n_orders": "int64", "total_amount": "float64", "mean_amount": "float64", "days_since_last": "float64", "n_categories": "int64"}, f"wrong dtypes {dtypes}"
    assert got.index.name == "customer_id", f"index name must be 'customer_id', got {got.index.name!r}"


def test_inputs_not_modified() -> None:
    orders, customers = _orders(), pd.DataFrame({"customer_id": [3, 1]})
    o0, c0 = orders.copy(), customers.copy()
    customer_features(orders, customers, AS_OF)
    pd.testing.assert_frame_equal(orders, o0, obj="orders (must not be modified)")
    pd.testing.assert_frame_equal(customers, c0, obj="customers (must not be modified)")
