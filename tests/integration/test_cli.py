"""The command line: db, export, run's start-up checks, Slack manifest, Discord invite."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.db import migrate
from bot.db.migrate import head_revision
from tests.conftest import _pg_admin, _pg_url, drop_postgres, fresh_postgres
from tests.platforms.test_console import mlpath

runner = CliRunner()


@pytest.fixture
def db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("MLPATH_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def test_db_upgrade_current_downgrade(db_env: str) -> None:
    head = head_revision(db_env)
    assert runner.invoke(cli, ["db", "current"]).output.startswith(f"base (newest: {head})")
    assert f"database at {head}" in runner.invoke(cli, ["db", "upgrade"]).output
    assert runner.invoke(cli, ["db", "current"]).output.startswith(f"{head} (newest: {head})")
    assert "database at 0001" in runner.invoke(cli, ["db", "downgrade", "0001"]).output
    assert "database at base" in runner.invoke(cli, ["db", "downgrade", "base"]).output


def test_run_refuses_an_unmigrated_database_and_names_the_fix(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    result = mlpath("run", "discord", env={"MLPATH_DATABASE_URL": url, "MLPATH_DISCORD_TOKEN": "x"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"mlpath: The database has no mlpath tables; this mlpath needs {head_revision(url)}. "
        "Run `mlpath db upgrade` first."
    )


def test_run_names_a_missing_secret_in_one_line(tmp_path: Path) -> None:
    result = mlpath("run", "slack", "--http", env={"MLPATH_SLACK_BOT_TOKEN": "xoxb-1"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "mlpath: MLPATH_SLACK_SIGNING_SECRET is not set; put it in the environment or .env"
    )
    bad = mlpath("run", "slack", env={"MLPATH_LOG_FORMAT": "yaml"})
    assert bad.returncode == 2 and bad.stderr.startswith("mlpath: MLPATH_LOG_FORMAT:")


def test_export_json_and_csv(db_env: str, tmp_path: Path) -> None:
    shell = mlpath(
        "shell",
        "--community",
        "club",
        "--now",
        "2026-01-05T09:00",
        stdin="/checkin =cmd|calc note\n:as bea\n/checkin\n",
        env={"MLPATH_DATABASE_URL": db_env},
    )
    assert shell.returncode == 0, shell.stderr
    out = runner.invoke(cli, ["export", "--platform", "console", "--community", "club"])
    document = json.loads(out.output)
    assert document["format"] == "mlpath-export/1"
    assert document["community"] == {
        "platform": "console",
        "id": "club",
        "timezone": "UTC",
        "day_start": "00:00",
        "post_time": "09:00",
        "channel": "study-group",
        "roadmap_start": "2026-01-05",
        "paused": False,
    }
    you = document["members"][0]
    assert you["id"] == "you" and you["xp"] == 10 and you["level"] == "Aspiring Learner"
    # exported today (real clock), long after 5 Jan 2026: the read-time rule shows it broken
    assert you["streak"] == {
        "current": 0,
        "longest": 1,
        "freezes": 0,
        "last_study_day": "2026-01-05",
    }
    assert you["checkins"] == [
        {"study_day": "2026-01-05", "note": "=cmd|calc note", "kind": "checkin"}
    ]
    target = tmp_path / "club.csv"
    runner.invoke(
        cli,
        [
            "export",
            "--platform",
            "console",
            "--community",
            "club",
            "--format",
            "csv",
            "--out",
            str(target),
        ],
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [r["id"] for r in rows] == ["you", "bea"]
    assert rows[0]["checkins"] == "1" and rows[0]["streak_longest"] == "1"
    assert rows[0]["name"] == "you" and "'=cmd" not in target.read_text()  # notes not in CSV
    missing = runner.invoke(cli, ["export", "--platform", "slack", "--community", "T404"])
    assert missing.exit_code == 1


def test_slack_manifest_and_discord_invite(monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = json.loads(runner.invoke(cli, ["slack", "manifest"]).output)
    assert manifest["features"]["slash_commands"][0]["command"] == "/mlpath"
    assert manifest["features"]["slash_commands"][0]["should_escape"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # every Web API method mlpath calls is covered by a scope the app asks for
    needed = {
        "commands",
        "chat:write",
        "users:read",
        "channels:read",
        "groups:read",
        "im:write",
        "files:write",
    }
    assert needed <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    monkeypatch.setenv("MLPATH_DISCORD_TOKEN", "OTk5.x.y")  # base64("999")
    url = runner.invoke(cli, ["discord", "invite"]).output.strip()
    assert url.startswith("https://discord.com/oauth2/authorize?client_id=999")
    assert "scope=bot+applications.commands" in url


READ_ONLY_FIX = (
    "mlpath writes to it: give it write access (the file and its directory, or the database "
    "role's rights)."
)


def test_run_on_a_read_only_database_is_one_line_and_debug_shows_the_traceback(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ro.db"
    asyncio.run(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    url = f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"
    env = {"MLPATH_DATABASE_URL": url, "MLPATH_DISCORD_TOKEN": "x"}
    line = (
        f"mlpath: the database at {url} is read-only (attempt to write a readonly database). "
        + READ_ONLY_FIX
    )
    result = mlpath("run", "discord", env=env)
    assert (result.returncode, result.stderr) == (1, line + "\n")
    debug = mlpath("run", "discord", "--debug", env=env)
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    assert "sqlite3.OperationalError" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == line


def test_run_on_an_unreachable_database_is_one_line_without_the_password() -> None:
    url = "postgresql+asyncpg://mlpath:s3cret@127.0.0.1:1/mlpath"  # nothing listens on port 1
    result = mlpath("run", "slack", "--http", env=slack_env(url))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "s3cret" not in result.stderr
    assert result.stderr.startswith(
        "mlpath: cannot use the database at postgresql+asyncpg://mlpath:***@127.0.0.1:1/mlpath ("
    )
    assert result.stderr.endswith(
        "Check MLPATH_DATABASE_URL and that the database server is running and reachable.\n"
    )
    debug = mlpath("run", "slack", "--http", env={**slack_env(url), "MLPATH_LOG_LEVEL": "DEBUG"})
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_run_on_a_read_only_postgres_database_is_one_line(pg_template: str) -> None:
    name = fresh_postgres(pg_template)
    try:
        asyncio.run(_pg_admin(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        url = _pg_url(name)
        result = mlpath("run", "slack", "--http", env=slack_env(url))
        assert (result.returncode, result.stderr) == (
            1,
            f"mlpath: the database at {url} is read-only (cannot execute DELETE in a read-only "
            f"transaction). {READ_ONLY_FIX}\n",
        )
    finally:
        drop_postgres(name)


def slack_env(url: str) -> dict[str, str]:
    return {
        "MLPATH_DATABASE_URL": url,
        "MLPATH_SLACK_BOT_TOKEN": "xoxb-1",
        "MLPATH_SLACK_SIGNING_SECRET": "s",
    }


def test_run_with_its_ops_port_taken_is_one_line(db_env: str) -> None:
    import socket

    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "MLPATH_DATABASE_URL": db_env,
            "MLPATH_SLACK_BOT_TOKEN": "xoxb-1",
            "MLPATH_SLACK_SIGNING_SECRET": "s",
            "MLPATH_OPS_PORT": str(port),
        }
        result = mlpath("run", "slack", "--http", "--port", "0", env=env)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line and "address already in use" in line
    assert line.startswith(f"mlpath: cannot serve the ops endpoints on 127.0.0.1:{port} (")
    assert line.endswith("Set MLPATH_OPS_PORT to a free port, or 0 to turn them off.")
