"""The minute after the daily post, through the real Slack door: 500 members run
``/mlpath checkin`` at once against ``mlpath run slack --http`` (its own process, signed
requests over loopback, the fake Web API answering its calls) — on SQLite and on Postgres.

The contract checked here is Slack's: every request acked inside 3 s, every member answered
with their real check-in, every check-in stored once, nothing in the log but what belongs
there. The tighter goal (ack p99 under 1 s) is a figure of ``bench/checkin_burst.py``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench.slack_burst import (
    SLACK_ACK_LIMIT_SECONDS,
    SlackBurst,
    postgres_counter,
    run_slack_burst,
    sqlite_counter,
)
from tests.conftest import PG_ADMIN, _pg_url, drop_postgres, fresh_postgres

MEMBERS = 500


def assert_everyone_was_served(burst: SlackBurst) -> None:
    assert burst.statuses == [200] * MEMBERS
    slowest = max(burst.acks)
    assert slowest < SLACK_ACK_LIMIT_SECONDS, f"an ack took {slowest:.2f} s"
    wrong = [a for a in burst.answers if "Checked in for" not in a]
    assert wrong == [], wrong[:3]
    assert burst.stored == MEMBERS  # each check-in once: none lost, none doubled
    assert "Traceback" not in burst.log, burst.log[-2000:]
    assert "database is locked" not in burst.log
    assert "Something went wrong" not in "".join(burst.answers)
    assert burst.auth_tests == 1  # authorised once at start, not once per request


def test_500_slack_checkins_at_once_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "burst.db"
    url = f"sqlite+aiosqlite:///{path}"
    assert_everyone_was_served(asyncio.run(run_slack_burst(MEMBERS, url, sqlite_counter(path))))


def test_500_slack_checkins_at_once_on_postgres() -> None:
    if PG_ADMIN == "skip":
        pytest.skip("MLPATH_TEST_POSTGRES=skip")
    name = fresh_postgres()
    try:
        url = _pg_url(name)
        burst = asyncio.run(run_slack_burst(MEMBERS, url, postgres_counter(url)))
        assert_everyone_was_served(burst)
    finally:
        drop_postgres(name)
