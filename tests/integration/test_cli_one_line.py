"""Issue 13 item 1: every CLI failure is one line naming what failed and what to do (exit 1),
``--debug`` adds the traceback, and no command creates a database file just to fail."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
import pytest

from bot.cli_checks import quiet_voice_warnings
from bot.db import migrate
from bot.db.migrate import head_revision
from tests.conftest import _pg_url, require_postgres
from tests.platforms.test_console import mlpath

DOWN = "postgresql+asyncpg://mlpath:s3cret@127.0.0.1:1/mlpath"  # nothing listens on port 1
SERVER_FIX = "Check MLPATH_DATABASE_URL and that the database server is running and reachable."


def one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr.strip()


@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["db", "downgrade", "base"], ["db", "current"]]
)
def test_db_commands_with_the_database_server_down_are_one_line(command: list[str]) -> None:
    result = mlpath(*command, env={"MLPATH_DATABASE_URL": DOWN})
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(
        "mlpath: cannot use the database at postgresql+asyncpg://mlpath:***@127.0.0.1:1/mlpath ("
    )
    assert line.endswith(SERVER_FIX) and "s3cret" not in line
    debug = mlpath(*command, "--debug", env={"MLPATH_DATABASE_URL": DOWN})
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == line
    logged = mlpath(*command, env={"MLPATH_DATABASE_URL": DOWN, "MLPATH_LOG_LEVEL": "DEBUG"})
    assert logged.returncode == 1 and "Traceback" in logged.stderr


def test_db_upgrade_of_an_unknown_postgres_database_is_one_line() -> None:
    require_postgres()
    url = _pg_url("mlpath_no_such_database")
    result = mlpath("db", "upgrade", env={"MLPATH_DATABASE_URL": url})
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert 'database "mlpath_no_such_database" does not exist' in line
    assert line.endswith(SERVER_FIX)


def test_db_upgrade_in_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'x.db'}"
    result = mlpath("db", "upgrade", env={"MLPATH_DATABASE_URL": url})
    assert (result.returncode, one_line(result.stderr)) == (
        1,
        f"mlpath: cannot use the database at {url} (unable to open database file). "
        "Check MLPATH_DATABASE_URL and that the file's directory exists.",
    )
    assert not (tmp_path / "nowhere").exists()


def test_db_upgrade_to_an_unknown_revision_is_one_line_and_leaves_no_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    result = mlpath("db", "upgrade", "zzz", env={"MLPATH_DATABASE_URL": url})
    assert result.returncode == 1
    assert one_line(result.stderr).startswith(
        f"mlpath: cannot upgrade the database at {url} to zzz (Can't locate revision"
    )
    assert list(tmp_path.iterdir()) == []


def test_commands_that_read_a_database_create_no_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'mlpath.db'}"
    env = {"MLPATH_DATABASE_URL": url}
    current = mlpath("db", "current", env=env)
    assert current.returncode == 0
    assert current.stdout.startswith(f"base (newest: {head_revision(url)}); there is no database")
    export = mlpath("export", "--platform", "console", "--community", "local", env=env)
    assert (export.returncode, one_line(export.stderr)) == (
        1,
        f"mlpath: there is no database at {tmp_path / 'mlpath.db'} to export from. Check "
        "MLPATH_DATABASE_URL, or run `mlpath db upgrade` to create one.",
    )
    down = mlpath("db", "downgrade", "base", env=env)
    assert down.returncode == 1 and "there is no database at" in one_line(down.stderr)
    assert list(tmp_path.iterdir()) == []


def test_export_of_an_unmigrated_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    url = f"sqlite+aiosqlite:///{path}"
    result = mlpath(
        "export", "--platform", "console", "--community", "x", env={"MLPATH_DATABASE_URL": url}
    )
    assert (result.returncode, one_line(result.stderr)) == (
        1,
        f"mlpath: The database has no mlpath tables; this mlpath needs {head_revision(url)}. "
        "Run `mlpath db upgrade` first.",
    )


def test_export_to_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    asyncio.run(migrate.upgrade(url))
    args = ("export", "--platform", "console", "--community", "x", "--out", "/nonexistent/x.json")
    result = mlpath(*args, env={"MLPATH_DATABASE_URL": url})
    assert (result.returncode, one_line(result.stderr)) == (
        1,
        "mlpath: cannot write /nonexistent/x.json: there is no directory /nonexistent. "
        "Pick another --out.",
    )


def test_an_unknown_variable_is_named_with_the_closest_known_one(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    result = mlpath("db", "current", env={"MLPATH_DATABASE_URL": url, "MLPATH_DATABSE_URL": "y"})
    assert result.returncode == 0
    assert result.stderr == (
        "mlpath: warning: MLPATH_DATABSE_URL is not a setting mlpath knows and is ignored; did "
        "you mean MLPATH_DATABASE_URL?\n"
    )


def test_discord_invite_needs_only_the_application_id() -> None:
    env = {"MLPATH_DISCORD_TOKEN": ""}
    result = mlpath("discord", "invite", "--client-id", "123456", env=env)
    assert result.returncode == 0
    assert result.stdout.startswith("https://discord.com/oauth2/authorize?client_id=123456")
    from_token = mlpath("discord", "invite", env={"MLPATH_DISCORD_TOKEN": "OTk5.x.y"})
    assert "client_id=999" in from_token.stdout
    neither = mlpath("discord", "invite", env=env)
    assert (neither.returncode, one_line(neither.stderr)) == (
        2,
        "mlpath: give the application id with --client-id (Developer Portal → General "
        "Information), or set MLPATH_DISCORD_TOKEN to read it from the token",
    )


def test_run_slack_refuses_a_malformed_token_before_anything_connects() -> None:
    env = {
        "MLPATH_DATABASE_URL": DOWN,  # never reached
        "MLPATH_SLACK_BOT_TOKEN": "xoxp-a-user-token",
        "MLPATH_SLACK_SIGNING_SECRET": "s",
    }
    result = mlpath("run", "slack", "--http", env=env)
    assert (result.returncode, one_line(result.stderr)) == (
        2,
        "mlpath: MLPATH_SLACK_BOT_TOKEN does not look like a Slack bot token (one starts with "
        "xoxb-); copy it from your Slack app's OAuth & Permissions page",
    )


def test_run_silences_discord_voice_warnings(caplog: pytest.LogCaptureFixture) -> None:
    quiet_voice_warnings()
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = True
    with caplog.at_level(logging.WARNING):
        discord.Client(intents=discord.Intents.none())
    assert "voice will NOT be supported" not in caplog.text
