"""Shared fixtures: a migrated database on SQLite **and** Postgres, and an app on a manual clock."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog, load_catalog
from bot.db import migrate
from bot.paths import content_dir
from tests import sandbox_support

# Admin URL of the Postgres server the tests may create databases on. Unset, the default is
# tried and the Postgres runs are skipped when nothing answers there; set (as CI does), a server
# that does not answer fails the run.
PG_ADMIN = os.environ.get("MLPATH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_ASKED = "MLPATH_TEST_POSTGRES" in os.environ
PG_TEMPLATE = f"mlpath_tpl_{os.getpid()}"
NO_POSTGRES = (
    "Postgres: nothing answers at 127.0.0.1:5432 and MLPATH_TEST_POSTGRES is unset, so the "
    "Postgres runs are skipped (SQLite runs them all)"
)
_postgres_up: list[bool] = []  # tried once per session


async def _answers() -> bool:
    try:
        conn = await asyncpg.connect(PG_ADMIN, timeout=3)
    except (OSError, TimeoutError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


def require_postgres() -> None:
    """Skip a Postgres run when the tests may not (``skip``) or cannot reach one unasked."""
    if PG_ADMIN == "skip":
        pytest.skip("MLPATH_TEST_POSTGRES=skip")
    if PG_ASKED:
        return  # asked for: a server that does not answer is an error, not a skip
    if not _postgres_up:
        _postgres_up.append(asyncio.run(_answers()))
    if not _postgres_up[0]:
        pytest.skip(NO_POSTGRES)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _postgres_up == [False]:
        terminalreporter.write_line(NO_POSTGRES, yellow=True)
    if sandbox_support.skipped:
        terminalreporter.write_line(sandbox_support.NO_SANDBOX, yellow=True)


@pytest.fixture
def sandboxed() -> None:
    """For a test that runs code in the exercise sandbox through the app (a door, the demo)."""
    sandbox_support.require_sandbox()


def _pg_url(database: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated template database; each test clones it (fast, isolated)."""
    require_postgres()
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}"'))
    asyncio.run(_pg_admin(f'CREATE DATABASE "{PG_TEMPLATE}"'))
    asyncio.run(migrate.upgrade(_pg_url(PG_TEMPLATE)))
    yield PG_TEMPLATE
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}"'))


def fresh_postgres(template: str | None = None) -> str:
    require_postgres()
    name = f"mlpath_t_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"{clause}'))
    return name


def drop_postgres(name: str) -> None:
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    asyncio.run(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL — once on SQLite, once on Postgres."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "mlpath.db"
        path.write_bytes(template.read_bytes())
        yield f"sqlite+aiosqlite:///{path}"
    else:
        name = fresh_postgres(request.getfixturevalue("pg_template"))
        yield _pg_url(name)
        drop_postgres(name)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(Path(os.environ.get("MLPATH_CONTENT_DIR") or content_dir()))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))


@pytest.fixture
async def app(db_url: str, clock: ManualClock, catalog: Catalog) -> AsyncIterator[App]:
    built = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    yield built
    await built.aclose()
