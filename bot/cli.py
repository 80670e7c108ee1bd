"""The ``mlpath`` command line (SPEC §7)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Annotated, Literal

import typer

from bot.cli_checks import (
    console_files,
    database_url_option,
    fail,
    on_database,
    one_line,
    quiet_voice_warnings,
    require_database_file,
    sqlite_file,
    with_shards,
)
from bot.cli_community import community_app
from bot.cli_exercises import exercises_app
from bot.cli_slack import slack_app
from bot.cli_web import frozen_clock
from bot.config import (
    Settings,
    SettingsError,
    load_settings,
    malformed_slack_token,
    unknown_variables,
)

Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback when it fails")]

app = typer.Typer(help="mlpath: a study-group bot for future ML engineers.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations (Alembic).", no_args_is_help=True)
content_app = typer.Typer(help="Validate and summarise content.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")


def settings_or_exit(*, quiet: bool = False, **overrides: object) -> Settings:
    """Settings or exit 2 with one line; ``quiet`` (console) logs warnings only by default."""
    for warning in unknown_variables():
        typer.echo(f"mlpath: warning: {warning}", err=True)
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        raise fail(str(exc), 2) from None
    from bot.logs import configure_logging

    level = settings.log_level
    if quiet and "MLPATH_LOG_LEVEL" not in os.environ:
        level = "WARNING"
    configure_logging(level, settings.log_format)
    return settings


# --- console -------------------------------------------------------------------------------


@app.command()
def shell(
    db: Annotated[
        str | None, typer.Option(help="Database URL (default MLPATH_DATABASE_URL)")
    ] = None,
    community: Annotated[str, typer.Option(help="Console community name")] = "local",
    now: Annotated[
        str | None, typer.Option(help="Start the simulated clock here (ISO-8601)")
    ] = None,
    tz: Annotated[str | None, typer.Option(help="The community's timezone (IANA)")] = None,
    files: Annotated[
        Path | None,
        typer.Option(help="Save pictures and exports here (default: next to the SQLite file)"),
    ] = None,
) -> None:
    """The whole bot in your terminal, no token needed. Pipe a script into it, or type."""
    from bot.platforms.console.run import run_shell

    settings = settings_or_exit(quiet=True, **({"database_url": db} if db else {}))
    folder = files or console_files(settings.database_url)
    code = asyncio.run(run_shell(settings, community, now, tz, sys.stdin, folder))
    raise typer.Exit(code)


@app.command()
def demo(
    keep: Annotated[Path | None, typer.Option(help="Keep the demo database at this path")] = None,
) -> None:
    """A scripted week of a study group, on a temporary SQLite file."""
    from bot.platforms.console.demo import run_demo

    with tempfile.TemporaryDirectory(prefix="mlpath-demo-") as tmp:
        path = keep or Path(tmp) / "demo.db"
        settings = settings_or_exit(quiet=True, database_url=f"sqlite+aiosqlite:///{path}")
        raise typer.Exit(asyncio.run(run_demo(settings)))


# --- servers -------------------------------------------------------------------------------


@app.command()
def run(
    platform: Annotated[
        Literal["discord", "slack", "web", "all"], typer.Argument(help="Front door(s)")
    ],
    http: Annotated[bool, typer.Option(help="Slack over HTTP (POST /slack/events)")] = False,
    port: Annotated[int, typer.Option(help="Port for --http")] = 3000,
    host: Annotated[str, typer.Option(help="Interface for --http")] = "0.0.0.0",
    shard_count: Annotated[
        str | None, typer.Option(help="Discord: shards in all (default: Discord says)")
    ] = None,
    shard_ids: Annotated[
        str | None, typer.Option(help="Discord: this process's shards, e.g. 0-3 or 0,2")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback when start-up fails")
    ] = False,
    now: Annotated[
        str | None, typer.Option(help="web: show the data as of this time (ISO-8601; the demo)")
    ] = None,
) -> None:
    """Run the bot on Discord, Slack (Socket Mode, or --http --port N), the dashboard, or all."""
    from bot.serve import serve

    settings = with_shards(settings_or_exit(), shard_count, shard_ids, platform)
    if platform in ("slack", "all") and (
        bad := malformed_slack_token(settings, socket_mode=not http)
    ):
        raise fail(bad, 2)
    quiet_voice_warnings()
    try:
        with one_line(settings, debug):
            clock = frozen_clock(now, platform)
            asyncio.run(serve(settings, platform, http=http, port=port, host=host, clock=clock))
    except SettingsError as exc:
        raise fail(str(exc), 2) from None


discord_app = typer.Typer(help="Discord helpers.", no_args_is_help=True)
app.add_typer(slack_app, name="slack")
app.add_typer(community_app, name="community")
app.add_typer(exercises_app, name="exercises")
app.add_typer(discord_app, name="discord")


@discord_app.command("invite")
def discord_invite(
    client_id: Annotated[
        int | None,
        typer.Option(help="The application id (Developer Portal → General Information)"),
    ] = None,
) -> None:
    """The OAuth2 invite URL with exactly the scopes and permissions mlpath needs; it needs
    only the application id (--client-id, or read from MLPATH_DISCORD_TOKEN)."""
    from bot.platforms.discord.client import application_id_from_token, invite_url

    if client_id is None:
        settings = settings_or_exit()
        if settings.discord_token is None or not settings.discord_token.get_secret_value():
            raise fail(
                "give the application id with --client-id (Developer Portal → General "
                "Information), or set MLPATH_DISCORD_TOKEN to read it from the token",
                2,
            )
        try:
            client_id = application_id_from_token(settings.secret("discord_token"))
        except ValueError:
            raise fail(
                "MLPATH_DISCORD_TOKEN does not look like a Discord bot token; give the "
                "application id with --client-id instead",
                2,
            ) from None
    typer.echo(invite_url(client_id))


# --- database ------------------------------------------------------------------------------


def _migrate(settings: Settings, debug: bool, step: str, revision: str) -> None:
    """Reach the database first (one line if it cannot be reached), then migrate: a revision
    alembic does not know, or a failing step, is one line too. A SQLite file created on the
    way is removed again when the command fails."""
    from bot.db import migrate
    from bot.serve import shown_url

    url = settings.database_url
    path = sqlite_file(url)
    new_file = path is not None and not path.exists()
    run = migrate.upgrade if step == "upgrade" else migrate.downgrade
    try:
        with one_line(settings, debug):
            on_database(settings, migrate.current(url))
        try:
            asyncio.run(run(url, revision))
        except Exception as exc:
            if debug or settings.log_level == "DEBUG":
                traceback.print_exception(exc)
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise fail(
                f"cannot {step} the database at {shown_url(url)} to {revision} ({reason}). "
                "`mlpath db current` shows where it is; --debug shows the traceback."
            ) from None
    except typer.Exit:
        if new_file and path is not None:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head", debug: Debug = False) -> None:
    """Migrate the database up (to the newest revision by default)."""
    from bot.db import migrate

    settings = settings_or_exit()
    _migrate(settings, debug, "upgrade", revision)
    typer.echo(f"database at {asyncio.run(migrate.current(settings.database_url))}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, or base")], debug: Debug = False
) -> None:
    """Migrate the database down to REVISION."""
    from bot.db import migrate

    settings = settings_or_exit()
    require_database_file(settings, "downgrade")
    _migrate(settings, debug, "downgrade", revision)
    typer.echo(f"database at {asyncio.run(migrate.current(settings.database_url)) or 'base'}")


@db_app.command("current")
def db_current(debug: Debug = False) -> None:
    """Print the database's revision and the newest one."""
    from bot.db import migrate

    settings = settings_or_exit()
    head = migrate.head_revision(settings.database_url)
    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():  # reading a revision creates no file
        typer.echo(f"base (newest: {head}); there is no database at {path} yet")
        return
    with one_line(settings, debug):
        have = on_database(settings, migrate.current(settings.database_url))
    typer.echo(f"{have or 'base'} (newest: {head})")


@db_app.command("copy")
def db_copy(
    source: Annotated[str, typer.Option("--from", help="The database to copy (any backend)")],
    target: Annotated[str, typer.Option("--to", help="An empty database migrated to head")],
) -> None:
    """Copy every row, ids and history intact, into an empty migrated database (e.g. the
    embedded SQLite into Postgres); row counts are compared table by table."""
    from bot.db.transfer import TransferError, copy_database
    from bot.serve import shown_url

    source, target = database_url_option(source, "from"), database_url_option(target, "to")

    def progress(table: str, rows: int) -> None:
        typer.echo(f"  {table}: {rows:,} rows")

    try:
        counts = asyncio.run(copy_database(source, target, progress))
    except TransferError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:  # a database that cannot be reached: one line, not a traceback
        raise fail(f"cannot copy {shown_url(source)} to {shown_url(target)} ({exc})") from None
    typer.echo(
        f"Copied {sum(counts.values()):,} rows in {len(counts)} tables to {shown_url(target)}; "
        "every table's row count matches."
    )


@app.command()
def backup(
    out: Annotated[Path, typer.Option("--out", help="The snapshot file to write (new)")],
) -> None:
    """A consistent snapshot of the live SQLite database (safe while the bot runs); for
    Postgres, use pg_dump."""
    from bot.db.transfer import TransferError, backup_sqlite

    settings = settings_or_exit()
    try:
        size = backup_sqlite(settings.database_url, out)
    except TransferError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"Wrote {out} ({size:,} bytes).")


# --- content -------------------------------------------------------------------------------


def _content_dir(directory: Path | None) -> Path:
    from bot.paths import content_dir

    return directory or content_dir()


@content_app.command("check")
def content_check(directory: Annotated[Path | None, typer.Argument()] = None) -> None:
    """Validate roadmap, quiz bank, ladder and interview pack; exit 1 with file:line messages."""
    from bot.content.catalog import load_catalog
    from bot.content.yamlfile import ContentError

    where = _content_dir(directory)
    try:
        catalog = load_catalog(where)
    except ContentError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} problem(s) in {where}") from None
    stats = catalog.stats()
    typer.echo(
        f"ok: {stats['roadmap_days']} roadmap days, {stats['questions']} questions in "
        f"{len(stats['topics'])} topics, {stats['levels']} levels + {stats['tracks']} tracks, "
        f"{stats['interviews']['prompts']} interview prompts, "
        f"{stats['exercises']['count']} exercises"
    )


@content_app.command("stats")
def content_stats(
    directory: Annotated[Path | None, typer.Argument()] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Counts: days, steps, questions, per topic, per difficulty, answer positions."""
    from bot.content.catalog import load_catalog
    from bot.content.yamlfile import ContentError

    try:
        stats = load_catalog(_content_dir(directory)).stats()
    except ContentError as exc:
        count = len(exc.problems)
        raise fail(f"content is invalid; run `mlpath content check` ({count} problems)") from None
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
        return
    from bot.content.report import stats_table

    typer.echo(stats_table(stats))


# --- export --------------------------------------------------------------------------------


@app.command()
def export(
    platform: Annotated[str, typer.Option(help="discord, slack or console")],
    community: Annotated[str, typer.Option(help="Guild id, team id or console name")],
    format: Annotated[Literal["json", "csv"], typer.Option("--format")] = "json",
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout")] = None,
    debug: Debug = False,
) -> None:
    """Export a community in the mlpath-export/1 format."""
    from bot.bootstrap import refuse_unmigrated
    from bot.platforms.console.run import export_text

    settings = settings_or_exit()
    if out is not None and not out.parent.is_dir():
        raise fail(f"cannot write {out}: there is no directory {out.parent}. Pick another --out.")
    require_database_file(settings, "export from")
    with one_line(settings, debug):
        on_database(settings, refuse_unmigrated(settings.database_url))  # reachable, migrated
    text = asyncio.run(export_text(settings, platform, community, format))
    if text is None:
        raise fail(f"no {platform} community {community} in this database")
    if out:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {out} ({exc.strerror or exc}). Pick another --out.") from None
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text, nl=False)


def main() -> None:
    from bot.content.yamlfile import ContentError
    from bot.db.migrate import NotMigrated

    try:
        app()
    except ContentError as exc:
        first = exc.problems[0]
        typer.echo(
            f"mlpath: the content has {len(exc.problems)} problem(s), first: {first}. "
            "Run `mlpath content check` for all of them.",
            err=True,
        )
        sys.exit(1)
    except NotMigrated as exc:
        typer.echo(f"mlpath: {exc}", err=True)
        sys.exit(1)
