"""``mlpath community …``: the communities in the database, and deleting one for good (a
Slack workspace that uninstalled, a Discord server that removed the bot)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, TypeVar

import typer

from bot.cli_checks import fail, on_database, one_line, require_database_file
from bot.config import Settings
from bot.services.community_data import CommunityDataService, CommunityRows

community_app = typer.Typer(
    help="The communities in this database: list them, delete one.", no_args_is_help=True
)
Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback when it fails")]
T = TypeVar("T")


def _checked(what: str, debug: bool) -> Settings:
    """Settings of a database that exists, answers and is migrated, or one line."""
    from bot.bootstrap import refuse_unmigrated
    from bot.cli import settings_or_exit

    settings = settings_or_exit()
    require_database_file(settings, what)
    with one_line(settings, debug):
        on_database(settings, refuse_unmigrated(settings.database_url))
    return settings


@asynccontextmanager
async def _service(settings: Settings) -> AsyncIterator[CommunityDataService]:
    """The service on the configured database; no content or platform is loaded."""
    from bot.db.engine import make_engine, make_sessionmaker
    from bot.db.uow import UnitOfWorkFactory

    engine = make_engine(settings.database_url)
    sqlite = engine.dialect.name == "sqlite"
    try:
        yield CommunityDataService(UnitOfWorkFactory(make_sessionmaker(engine), sqlite=sqlite))
    finally:
        await engine.dispose()


def _with_service(settings: Settings, work: Callable[[CommunityDataService], Awaitable[T]]) -> T:
    from bot.domain.errors import NotFound

    async def run() -> T:
        async with _service(settings) as service:
            return await work(service)

    try:
        return asyncio.run(run())
    except NotFound as exc:
        raise fail(f"{exc.message}. `mlpath community list` shows the ones there are.") from None


def _interactive() -> bool:
    """Whether someone can answer a question (tests pretend to be a terminal)."""
    return sys.stdin.isatty()


def _counts(found: CommunityRows) -> str:
    return ", ".join(f"{table} {rows:,}" for table, rows in found.rows.items())


def _named(found: CommunityRows) -> str:
    name = f" ({found.name})" if found.name else ""
    return f"the {found.platform} community {found.external_id}{name}"


@community_app.command("list")
def community_list(debug: Debug = False) -> None:
    """Every community: platform, id, name, members, paused, created."""
    settings = _checked("list communities of", debug)
    found = _with_service(settings, lambda service: service.summaries())
    if not found:
        typer.echo("There are no communities in this database.")
        return
    header = ("PLATFORM", "ID", "NAME", "MEMBERS", "PAUSED", "CREATED")
    rows = [header] + [
        (
            c.platform,
            c.external_id,
            c.name or "-",
            str(c.members),
            "yes" if c.paused else "no",
            c.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        )
        for c in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        typer.echo("  ".join(cells).rstrip())


@community_app.command("delete")
def community_delete(
    platform: Annotated[str, typer.Option(help="discord, slack or console")],
    community: Annotated[str, typer.Option(help="Guild id, team id or console name")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking")] = False,
    debug: Debug = False,
) -> None:
    """Delete a community and everything mlpath keeps about it (members, check-ins, XP,
    quiz history, projects, posts, audit log, its Slack install), in one transaction."""
    settings = _checked("delete from", debug)
    if not yes:
        found = _with_service(settings, lambda service: service.rows(platform, community))
        typer.echo(f"This deletes {_named(found)} and everything mlpath keeps about it:")
        for table, rows in found.rows.items():
            typer.echo(f"  {table:<20} {rows:>9,}")
        typer.echo(
            "It cannot be undone. Keep a copy first: mlpath export --platform "
            f"{platform} --community {community} --out {platform}-{community}.json"
        )
        if not _interactive():
            raise fail("nothing was deleted: stdin is not a terminal; add --yes to delete")
        if not typer.confirm(f"Delete {_named(found)}?", default=False):
            typer.echo("Nothing was deleted.")
            return
    from bot.db.ownership import LeftBehind

    try:
        deleted = _with_service(settings, lambda service: service.delete(platform, community))
    except LeftBehind as exc:
        raise fail(
            f"cannot delete the {platform} community {community}: its rows would stay in "
            f"{', '.join(exc.tables)} (something puts them back). Nothing was deleted."
        ) from None
    typer.echo(f"Deleted {_named(deleted)}: {deleted.total:,} rows ({_counts(deleted)}).")
