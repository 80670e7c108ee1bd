"""Alembic, driven from code: ``mlpath db …``, start-up checks and the console's self-migration."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bot.db.engine import make_engine
from bot.paths import migrations_dir


class NotMigrated(Exception):
    """The database is not at the newest revision."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision(url: str) -> str:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert head is not None
    return head


async def _with_connection(url: str, fn: Callable[[Connection], object]) -> object:
    engine = make_engine(url, foreign_keys=False)  # see make_engine: batch mode needs it off
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


async def upgrade(url: str, revision: str = "head") -> None:
    config = alembic_config(url)

    def run(conn: Connection) -> None:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)

    await _with_connection(url, run)


async def downgrade(url: str, revision: str) -> None:
    config = alembic_config(url)

    def run(conn: Connection) -> None:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)

    await _with_connection(url, run)


async def current(url: str) -> str | None:
    def run(conn: Connection) -> str | None:
        return MigrationContext.configure(conn).get_current_revision()

    result = await _with_connection(url, run)
    return result if isinstance(result, str) else None


async def require_head(url: str) -> None:
    """Raise NotMigrated (naming the fix) unless the database is at the newest revision."""
    have, want = await current(url), head_revision(url)
    if have != want:
        state = "has no mlpath tables" if have is None else f"is at revision {have}"
        raise NotMigrated(
            f"The database {state}; this mlpath needs {want}. Run `mlpath db upgrade` first."
        )
