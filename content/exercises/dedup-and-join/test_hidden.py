import pandas as pd

from submission import attach_latest_profile


def _profiles() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": [2, 1, 2, 1, 3, 3],
        "updated_at": pd.to_datetime(["2024-05-01", "2024-02-01", "2024-01-01", "2024-01-01", "2024-04-01", "2024-04-01"]),
        "country": ["ES", "FR", "PT", "BE", "NL", "SE"],
        "segment": ["pro", "basic", "basic", "pro", "basic", "pro"],
    })


def _orders() -> pd.DataFrame:
    return pd.DataFrame({
        "order_id": [10, 11, 12, 13, 14],
        "customer_id": [3, 1, 4, 2, 1],
        "amount": [1.0, 2.0, 3.0, 4.0, 5.0],
    }, index=[40, 41, 42, 43, 44])


def test_rows_not_doubled_or_dropped() -> None:
    got = attach_latest_profile(_orders(), _profiles())
    assert len(got) == 5, f"5 orders in must give 5 rows out, got {len(got)} (join after deduplicating, and keep every order)"
    assert got["order_id"].tolist() == [10, 11, 12, 13, 14], f"keep the original order, got {got['order_id'].tolist()}"
    assert list(got.index) == [0, 1, 2, 3, 4], f"expected a fresh 0..n-1 index, got {list(got.index)}"


def test_out_of_order_profiles() -> None:
    got = attach_latest_profile(_orders(), _profiles()).set_index("order_id")
    assert got.loc[11, "country"] == "FR" and got.loc[14, "country"] == "FR", "customer 1's latest profile (2024-02-01) is FR, though it is not last in the table"
    assert got.loc[13, "country"] == "ES", "customer 2's latest profile (2024-05-01) is ES, though it comes first in the table"


def test_ties_keep_the_last_row() -> None:
    got = attach_latest_profile(_orders(), _profiles()).set_index("order_id")
    assert got.loc[10, "country"] == "SE" and got.loc[10, "segment"] == "pro", f"customer 3 has two profiles at 2024-04-01: keep the later row (SE, pro); got {got.loc[10, ['country', 'segment']].tolist()}"


def test_customer_without_profile() -> None:
    got = attach_latest_profile(_orders(), _profiles()).set_index("order_id")
    assert 12 in got.index, "order 12 (customer 4, no profile) must be kept: use a left join"
    assert pd.isna(got.loc[12, "country"]) and pd.isna(got.loc[12, "segment"]), "no profile: country and segment are missing"
    assert got.loc[12, "amount"] == 3.0, "the order's own columns are kept"


def test_inputs_not_modified() -> None:
    orders, profiles = _orders(), _profiles()
    o0, p0 = orders.copy(), profiles.copy()
    attach_latest_profile(orders, profiles)
    pd.testing.assert_frame_equal(orders, o0, obj="orders (must not be modified)")
    pd.testing.assert_frame_equal(profiles, p0, obj="profiles (must not be modified)")
