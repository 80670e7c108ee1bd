"""Topic boards' counter keys (issue 20): a plain period key, a slash, the quiz topic."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.periods import (
    PERIODS,
    TOPIC_SEPARATOR,
    period_key,
    period_keys,
    topic_period_key,
    topic_period_keys,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
topics = st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,9}){0,3}", fullmatch=True)


@given(days, topics)
def test_a_topic_key_is_the_period_key_then_the_topic(day: date, topic: str) -> None:
    for period in PERIODS:
        key = topic_period_key(period, day, topic)
        assert key == f"{period_key(period, day)}/{topic}"
        plain, separator, named = key.partition(TOPIC_SEPARATOR)
        assert (plain, separator, named) == (period_key(period, day), "/", topic)


@given(days, topics)
def test_topic_keys_follow_the_periods_and_never_meet_a_plain_key(day: date, topic: str) -> None:
    keys = topic_period_keys(day, topic)
    assert keys == tuple(topic_period_key(p, day, topic) for p in PERIODS)
    assert len(set(keys)) == 3 and not set(keys) & set(period_keys(day))


@given(days, topics, topics)
def test_two_topics_never_share_a_key(day: date, one: str, other: str) -> None:
    assert (set(topic_period_keys(day, one)) == set(topic_period_keys(day, other))) == (
        one == other
    )


def test_known_dates_and_the_longest_key_fits_the_column() -> None:
    assert topic_period_keys(date(2026, 12, 3), "numpy") == (
        "w2026-11-30/numpy",
        "m2026-12/numpy",
        "all/numpy",
    )
    # a week across a year boundary keeps its Monday
    assert topic_period_key("week", date(2026, 1, 1), "sql") == "w2025-12-29/sql"
    longest = topic_period_key("week", date(2026, 1, 1), "t" * 40)  # topic keys: ≤ 40
    assert len(longest) == 52 <= 60  # member_periods.period is String(60)
