import pandas as pd

from submission import attach_latest_profile


def test_latest_profile_wins() -> None:
    orders = pd.DataFrame({"order_id": [100, 101], "customer_id": [1, 2]})
    profiles = pd.DataFrame({
        "customer_id": [1, 1, 2],
        "updated_at": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"]),
        "country": ["FR", "DE", "IT"],
        "segment": ["basic", "pro", "basic"],
    })
    got = attach_latest_profile(orders, profiles)
    assert list(got.columns) == ["order_id", "customer_id", "country", "segment"], f"wrong columns {list(got.columns)}"
    assert got["country"].tolist() == ["DE", "IT"], f"customer 1 moved to DE on 2024-03-01; got {got['country'].tolist()}"
    assert got["segment"].tolist() == ["pro", "basic"], f"got {got['segment'].tolist()}"


def test_one_row_per_order() -> None:
    orders = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": [5, 5, 5]})
    profiles = pd.DataFrame({
        "customer_id": [5, 5],
        "updated_at": pd.to_datetime(["2024-01-01", "2024-01-02"]),
        "country": ["US", "CA"],
        "segment": ["a", "b"],
    })
    got = attach_latest_profile(orders, profiles)
    assert len(got) == 3, f"3 orders in, 3 rows out; got {len(got)}"
