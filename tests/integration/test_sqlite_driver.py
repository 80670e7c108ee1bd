"""The SQLite driver adapter (bot/db/sqlite_driver.py): one round trip to aiosqlite's thread per
statement, BEGIN sent with a transaction's first statement, and nothing of SQLite's
transaction semantics lost on the way (issue 11)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import func, select, text

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import Community, Member
from tests.helpers import console_actor


@pytest.fixture
async def sqlite_app(
    sqlite_template: Path, tmp_path: Path, clock: ManualClock, catalog: Catalog
) -> AsyncIterator[tuple[App, Path]]:
    path = tmp_path / "mlpath.db"
    path.write_bytes(sqlite_template.read_bytes())
    built = build(
        Settings(database_url=f"sqlite+aiosqlite:///{path}"), clock=clock, catalog=catalog
    )
    yield built, path
    await built.aclose()


@contextmanager
def round_trips() -> Iterator[list[str]]:
    """Every call made on an aiosqlite connection thread while the block runs."""
    calls: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    aiosqlite.Connection._execute = counting  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        aiosqlite.Connection._execute = original  # type: ignore[method-assign]


def try_to_write(path: Path) -> str:
    """What a second writer (another process) sees when it tries to write right now."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return "free"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        other.close()


async def test_a_write_unit_holds_the_write_lock_from_its_first_statement(
    sqlite_app: tuple[App, Path],
) -> None:
    app, path = sqlite_app
    async with app.uow() as uow:
        assert try_to_write(path) == "free"  # nothing sent yet: no lock taken for nothing
        await uow.session.execute(select(func.count()).select_from(Community))
        # The first statement, a read, already ran under BEGIN IMMEDIATE: no other writer can
        # slip in between this read and the writes that depend on it.
        assert try_to_write(path) == "database is locked"
        await uow.commit()
    assert try_to_write(path) == "free"


async def test_one_round_trip_per_statement_and_one_for_the_commit(
    sqlite_app: tuple[App, Path],
) -> None:
    app, _ = sqlite_app
    await app.dispatcher.text(console_actor("Ada"), "checkin")  # enrols, warms the pool
    with round_trips() as calls:
        async with app.uow() as uow:
            await uow.session.execute(select(Member.id))
            await uow.session.execute(text("UPDATE members SET xp = xp + 1"))
            await uow.commit()
    assert calls == ["_run", "_run", "commit"]  # BEGIN rode along; no rollback after COMMIT


async def test_a_unit_that_sends_nothing_costs_no_round_trip(sqlite_app: tuple[App, Path]) -> None:
    app, _ = sqlite_app
    await app.dispatcher.text(console_actor("Ada"), "checkin")
    with round_trips() as calls:
        async with app.uow() as uow:
            await uow.commit()
        async with app.uow(write=False):
            pass
    assert calls == []


async def test_a_failed_unit_is_rolled_back_and_the_connection_stays_usable(
    sqlite_app: tuple[App, Path],
) -> None:
    app, path = sqlite_app
    await app.dispatcher.text(console_actor("Ada"), "checkin")
    with pytest.raises(RuntimeError):
        async with app.uow() as uow:
            await uow.session.execute(text("UPDATE members SET xp = 999"))
            raise RuntimeError("the handler failed half-way")
    assert try_to_write(path) == "free"
    async with app.uow(write=False) as uow:
        xp = (await uow.session.execute(select(Member.xp))).scalar_one()
    assert xp == 10  # the check-in's XP, not the half-done 999
    reply = await app.dispatcher.text(console_actor("Bob"), "checkin")
    assert reply.text.startswith("Checked in for")


async def test_rows_counts_and_new_ids_come_back_as_from_sqlite3(
    sqlite_app: tuple[App, Path],
) -> None:
    app, _ = sqlite_app
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    async with app.uow() as uow:
        community = Community(platform="console", external_id="x", name="x", created_at=now)
        uow.session.add(community)
        await uow.session.flush()  # the new id comes back through lastrowid or RETURNING
        assert community.id is not None
        result = await uow.session.execute(
            text("UPDATE communities SET name = 'y' WHERE id = :id"), {"id": community.id}
        )
        assert result.rowcount == 1  # type: ignore[attr-defined]
        rows = (await uow.session.execute(select(Community.name))).scalars().all()
        assert rows == ["y"]
        await uow.commit()


async def test_the_commit_rides_with_the_last_statement_when_asked(
    sqlite_app: tuple[App, Path],
) -> None:
    app, path = sqlite_app
    await app.dispatcher.text(console_actor("Ada"), "checkin")
    with round_trips() as calls:
        async with app.uow() as uow:
            await uow.session.execute(select(Member.id))
            await uow.commit_with_next()
            await uow.session.execute(text("UPDATE members SET xp = xp + 1"))
            assert try_to_write(path) == "free"  # committed in that round trip
            await uow.commit()
    assert calls == ["_run", "_run"]  # the daily sweep's 1,000 units: one round trip fewer each
    async with app.uow(write=False) as uow:
        assert (await uow.session.execute(select(Member.xp))).scalar_one() == 11


async def test_a_last_statement_that_fails_commits_nothing(
    sqlite_app: tuple[App, Path],
) -> None:
    app, path = sqlite_app
    await app.dispatcher.text(console_actor("Ada"), "checkin")
    with pytest.raises(Exception, match="no such table"):
        async with app.uow() as uow:
            await uow.session.execute(text("UPDATE members SET xp = 999"))
            await uow.commit_with_next()
            await uow.session.execute(text("UPDATE nowhere SET x = 1"))
    assert try_to_write(path) == "free"
    async with app.uow() as uow:  # the next unit is an ordinary one again
        await uow.session.execute(text("UPDATE members SET xp = xp + 1"))
        assert try_to_write(path) == "database is locked"
        await uow.commit()
    async with app.uow(write=False) as uow:
        assert (await uow.session.execute(select(Member.xp))).scalar_one() == 11
