"""Models and migrations agree, and upgrade → downgrade → upgrade works, on SQLite and Postgres."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.models import Base
from tests.conftest import _pg_url, drop_postgres, fresh_postgres


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    else:
        name = fresh_postgres()
        yield _pg_url(name)
        drop_postgres(name)


async def _run(url: str, fn: object) -> object:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


async def test_models_and_migrations_agree(empty_db: str) -> None:
    await migrate.upgrade(empty_db)
    assert await _run(empty_db, _diff) == []


async def test_upgrade_downgrade_upgrade(empty_db: str) -> None:
    head = migrate.head_revision(empty_db)
    await migrate.upgrade(empty_db)
    assert await migrate.current(empty_db) == head
    tables = await _run(empty_db, _tables)
    assert {"communities", "members", "checkins", "xp_events", "audit_log", "outbox"} <= tables
    await migrate.downgrade(empty_db, "base")
    assert await migrate.current(empty_db) is None
    assert await _run(empty_db, _tables) == {"alembic_version"}
    await migrate.upgrade(empty_db)
    assert await migrate.current(empty_db) == head


async def test_an_unmigrated_database_is_refused_with_the_fix(empty_db: str) -> None:
    with pytest.raises(migrate.NotMigrated, match="mlpath db upgrade"):
        await migrate.require_head(empty_db)
    await migrate.upgrade(empty_db)
    await migrate.require_head(empty_db)


async def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as conn:
            pragmas = {
                name: (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
    finally:
        await engine.dispose()
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 10000, "foreign_keys": 1}


def test_migrations_run_from_a_sync_caller(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 's.db'}"
    asyncio.run(migrate.upgrade(url))
    assert asyncio.run(migrate.current(url)) == migrate.head_revision(url)


async def test_a_downgrade_keeps_the_history_and_the_upgrade_rebuilds_the_counters(
    empty_db: str,
) -> None:
    """SQLite rebuilds a table to drop a column; with foreign keys on, that would cascade."""
    from datetime import UTC, datetime

    from bot.bootstrap import build
    from bot.clock import ManualClock
    from bot.config import Settings
    from tests.helpers import console_actor

    await migrate.upgrade(empty_db)
    clock = ManualClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    app = build(Settings(database_url=empty_db), clock=clock)
    try:
        for _ in range(3):
            await app.dispatcher.text(console_actor("ana"), "/checkin")
            clock.advance(timedelta(days=1))
    finally:
        await app.aclose()

    def counts(conn: Connection) -> tuple[int, ...]:
        tables = ("members", "checkins", "xp_events")
        return tuple(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in tables)

    def periods(conn: Connection) -> list[tuple[str, int, int]]:
        rows = conn.exec_driver_sql("SELECT period, xp, days FROM member_periods ORDER BY period")
        return [(p, int(x), int(d)) for p, x, d in rows]

    before, counters = await _run(empty_db, counts), await _run(empty_db, periods)
    assert before == (1, 3, 3)
    await migrate.downgrade(empty_db, "0004")
    assert await _run(empty_db, counts) == before
    await migrate.upgrade(empty_db)
    assert (
        await _run(empty_db, periods)
        == counters
        == [
            ("all", 30, 3),
            ("m2026-03", 30, 3),
            ("w2026-03-02", 30, 3),
        ]
    )
