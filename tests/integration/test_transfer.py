"""Moving and keeping data (issue 14): `mlpath db copy` SQLite → Postgres → SQLite keeps every
row and id (the export is the same before and after, and new rows get fresh ids), and
`mlpath backup` snapshots a live SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.transfer import TransferError, backup_sqlite, copy_database
from tests.conftest import _pg_url, drop_postgres, fresh_postgres
from tests.helpers import console_actor

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def postgres_url(pg_template: str) -> Iterator[str]:
    name = fresh_postgres(pg_template)
    yield _pg_url(name)
    drop_postgres(name)


def sqlite_copy(template: Path, path: Path) -> str:
    path.write_bytes(template.read_bytes())
    return f"sqlite+aiosqlite:///{path}"


def app_on(url: str, catalog: Catalog, clock: ManualClock) -> App:
    return build(Settings(database_url=url), clock=clock, catalog=catalog)


async def a_week_of_a_group(app: App, clock: ManualClock) -> None:
    ana, ben = console_actor("ana"), console_actor("ben")
    await app.dispatcher.text(ana, "/me show")
    for day in range(8):
        await app.dispatcher.text(ana, f"/checkin day {day}")
        if day % 2:
            await app.dispatcher.text(ben, "/checkin")
        asked = await app.dispatcher.text(ana, "/quiz numpy")
        await app.dispatcher.press(ana, asked.buttons[day % len(asked.buttons)].custom_id)
        clock.advance(timedelta(days=1))
    await app.dispatcher.text(ben, "/project add churn-model predicting churn")
    await app.dispatcher.text(ana, "/me pause 3")
    await app.dispatcher.text(ana, "/admin xp <@ben> 25 helped everyone")


async def exported(url: str, catalog: Catalog, clock: ManualClock) -> str:
    app = app_on(url, catalog, clock)
    try:
        return await app.services.export.community("console", "local", "json")
    finally:
        await app.aclose()


async def test_a_copy_round_trip_keeps_every_row_and_id(
    tmp_path: Path, sqlite_template: Path, postgres_url: str, catalog: Catalog
) -> None:
    clock = ManualClock(START)
    first = sqlite_copy(sqlite_template, tmp_path / "first.db")
    app = app_on(first, catalog, clock)
    try:
        await a_week_of_a_group(app, clock)
    finally:
        await app.aclose()
    before = await exported(first, catalog, clock)

    counts = await copy_database(first, postgres_url)
    assert counts["checkins"] >= 12 and counts["quiz_answers"] >= 1 and counts["streak_holds"] == 1
    assert await exported(postgres_url, catalog, clock) == before

    back = sqlite_copy(sqlite_template, tmp_path / "back.db")
    assert await copy_database(postgres_url, back) == counts
    assert await exported(back, catalog, clock) == before

    # the copy goes on: new rows get fresh ids after the copied ones (sequences advanced)
    app = app_on(postgres_url, catalog, clock)
    try:
        reply = await app.dispatcher.text(console_actor("cy"), "/checkin first day")
        assert "Checked in" in reply.text, reply.text
    finally:
        await app.aclose()


async def test_a_copy_needs_an_empty_migrated_target(
    tmp_path: Path, sqlite_template: Path, catalog: Catalog
) -> None:
    clock = ManualClock(START)
    source = sqlite_copy(sqlite_template, tmp_path / "source.db")
    app = app_on(source, catalog, clock)
    try:
        await app.dispatcher.text(console_actor("ana"), "/checkin")
    finally:
        await app.aclose()
    with pytest.raises(TransferError, match="already holds data"):
        await copy_database(source, source)
    blank = f"sqlite+aiosqlite:///{tmp_path / 'blank.db'}"
    with pytest.raises(TransferError, match=r"target is not ready.*mlpath db upgrade"):
        await copy_database(source, blank)


async def test_a_backup_of_a_live_database_is_a_consistent_copy(
    tmp_path: Path, sqlite_template: Path, catalog: Catalog
) -> None:
    clock = ManualClock(START)
    live = sqlite_copy(sqlite_template, tmp_path / "live.db")
    app = app_on(live, catalog, clock)
    try:
        await a_week_of_a_group(app, clock)
        engine = make_engine(live)  # a write transaction open while the backup runs
        try:
            async with engine.begin() as conn:
                await conn.execute(text("UPDATE members SET xp = xp + 1000"))
                size = backup_sqlite(live, tmp_path / "snapshot.db")
                await conn.rollback()
        finally:
            await engine.dispose()
        assert size > 0
        snapshot = f"sqlite+aiosqlite:///{tmp_path / 'snapshot.db'}"
        assert await migrate.current(snapshot) == migrate.head_revision(snapshot)
        assert await exported(snapshot, catalog, clock) == await exported(live, catalog, clock)
    finally:
        await app.aclose()
    with pytest.raises(TransferError, match="exists already"):
        backup_sqlite(live, tmp_path / "snapshot.db")
    with pytest.raises(TransferError, match="pg_dump"):
        backup_sqlite("postgresql+asyncpg://postgres@127.0.0.1/x", tmp_path / "pg.db")


def test_the_cli_copies_and_backs_up_in_one_line_each(
    tmp_path: Path, sqlite_template: Path, catalog: Catalog
) -> None:
    from typer.testing import CliRunner

    from bot.cli import app as cli

    source = sqlite_copy(sqlite_template, tmp_path / "source.db")
    target = sqlite_copy(sqlite_template, tmp_path / "target.db")
    runner = CliRunner()
    copied = runner.invoke(cli, ["db", "copy", "--from", source, "--to", target])
    assert copied.exit_code == 0, copied.output
    assert copied.output.splitlines()[-1].startswith("Copied 0 rows in ")
    again = runner.invoke(cli, ["db", "copy", "--from", source, "--to", "mysql://x/y"])
    assert again.exit_code == 1 and again.output.count("\n") == 1
    assert "--to must be a database URL" in again.output
    env = {"MLPATH_DATABASE_URL": source}
    out = tmp_path / "snap.db"
    done = runner.invoke(cli, ["backup", "--out", str(out)], env=env)
    assert done.exit_code == 0 and done.output.startswith(f"Wrote {out} (")
    twice = runner.invoke(cli, ["backup", "--out", str(out)], env=env)
    assert twice.exit_code == 1 and "exists already" in twice.output
    assert "Traceback" not in copied.output + again.output + twice.output
