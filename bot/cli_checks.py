"""The command line's one-line failures (SPEC §7): what failed and what to do, exit code 1;
``--debug`` or MLPATH_LOG_LEVEL=DEBUG adds the traceback."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import typer

from bot.config import DATABASE_DRIVERS, Settings

T = TypeVar("T")


def database_url_option(url: str, role: str) -> str:
    """``--from``/``--to`` of ``mlpath db copy``: a URL mlpath's drivers accept, or one line."""
    if not url.startswith(DATABASE_DRIVERS):
        raise fail(
            f"--{role} must be a database URL such as sqlite+aiosqlite:///mlpath.db or "
            "postgresql+asyncpg://USER@HOST/DB"
        )
    return url


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"mlpath: {message}", err=True)
    return typer.Exit(code)


@contextlib.contextmanager
def one_line(settings: Settings, debug: bool) -> Iterator[None]:
    """A failure the user can fix (``CannotStart``: what failed and what to do) ends the command
    with that one line and exit code 1; ``--debug`` or MLPATH_LOG_LEVEL=DEBUG adds the traceback."""
    from bot.db.migrate import NotMigrated
    from bot.serve import CannotStart

    try:
        yield
    except (CannotStart, NotMigrated) as exc:
        if debug or settings.log_level == "DEBUG":
            traceback.print_exception(exc)
        raise fail(str(exc)) from None


def on_database(settings: Settings, work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` on the configured database; one it cannot reach is ``DatabaseUnusable``
    (one line naming the URL and what to check), after at most 15 s."""
    from bot.serve import database_step

    async def checked() -> T:
        async with database_step(settings.database_url):
            return await work

    return asyncio.run(checked())


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (not ``:memory:`` or a ``file:`` URI), else None."""
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def console_files(url: str) -> Path:
    """The console's folder for the files it writes, one per database: next to a SQLite file
    (``try.db`` → ``try-files``), else ``mlpath-files/DATABASE`` in the working directory."""
    path = sqlite_file(url)
    if path is not None:
        return path.with_name(f"{path.stem}-files")
    from sqlalchemy.engine import make_url

    return Path("mlpath-files") / (make_url(url).database or "memory").replace("/", "_")


def require_database_file(settings: Settings, what: str) -> None:
    """A command that only reads or changes an existing database never creates the file."""
    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        raise fail(
            f"there is no database at {path} to {what}. Check MLPATH_DATABASE_URL, or run "
            "`mlpath db upgrade` to create one."
        )


def quiet_voice_warnings() -> None:
    """discord.py warns at start-up that voice needs PyNaCl and davey; mlpath has no voice."""

    def drop(record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()

    logging.getLogger("discord.client").addFilter(drop)


def with_shards(
    settings: Settings, count: str | None, ids: str | None, platform: str = "discord"
) -> Settings:
    """``--shard-count``/``--shard-ids`` of ``mlpath run discord`` over the settings (each flag
    wins over its MLPATH_DISCORD_SHARD_* variable); a bad value is one line naming the flag,
    and so is either flag with a front door that has no shards (``run slack``)."""
    from bot.shards import ShardError, Shards, parse_shard_count, parse_shard_ids

    if platform not in ("discord", "all") and (count is not None or ids is not None):
        flag = "--shard-count" if count is not None else "--shard-ids"
        raise fail(
            f"{flag} is for Discord shards: use it with `mlpath run discord` or `mlpath run "
            f"all`, not `mlpath run {platform}`",
            2,
        )
    try:
        shard_count = settings.discord_shard_count if count is None else parse_shard_count(count)
    except ShardError as exc:
        raise fail(f"--shard-count: {exc}", 2) from None
    try:
        shard_ids = settings.discord_shard_ids if ids is None else parse_shard_ids(ids)
        Shards(shard_count, shard_ids)
    except ShardError as exc:
        raise fail(f"--shard-ids: {exc}", 2) from None
    update = {"discord_shard_count": shard_count, "discord_shard_ids": shard_ids}
    return settings.model_copy(update=update)
