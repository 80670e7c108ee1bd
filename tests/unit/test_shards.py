"""Discord shard options (issue 14 item 1): ``--shard-ids 0-1`` / ``0,2``, the environment
variables, and one clear line for a value that cannot work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.config import Settings, SettingsError, load_settings
from bot.shards import ShardError, Shards, parse_shard_count, parse_shard_ids

runner = CliRunner()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith("MLPATH_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)  # no stray .env


@pytest.mark.parametrize(
    ("text", "ids"),
    [("0", (0,)), ("0-1", (0, 1)), ("0,2", (0, 2)), (" 4-6, 1 ", (1, 4, 5, 6)), ("3-3", (3,))],
)
def test_shard_ids_are_a_range_or_a_list(text: str, ids: tuple[int, ...]) -> None:
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "names no shards"),
        ("0,", "names no shards"),
        ("a-b", "'a-b' is not a shard id or a range"),
        ("-1", "'-1' is not a shard id or a range"),
        ("3-1", "runs backwards; write it 1-3"),
        ("0-2,1", "shard id 1 is named twice"),
    ],
)
def test_malformed_shard_ids_say_why(text: str, says: str) -> None:
    with pytest.raises(ShardError, match=says):
        parse_shard_ids(text)


def test_shard_count_and_ids_must_fit_together() -> None:
    assert parse_shard_count("2") == 2
    for bad in ("0", "two", "-1", ""):
        with pytest.raises(ShardError, match="is not a shard count"):
            parse_shard_count(bad)
    with pytest.raises(ShardError, match="shard ids need a shard count"):
        Shards(None, (0,))
    with pytest.raises(ShardError, match="shard id 2 is not below the shard count 2"):
        Shards(2, (0, 2))
    assert Shards().bot_options() == {}  # automatic: discord.py asks GET /gateway/bot
    assert Shards(4, (2, 3)).bot_options() == {"shard_count": 4, "shard_ids": [2, 3]}
    assert Shards(4, (2, 3)).describe() == "shard(s) 2,3 of 4"


def test_the_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().shards() == Shards()
    monkeypatch.setenv("MLPATH_DISCORD_SHARD_COUNT", "4")
    monkeypatch.setenv("MLPATH_DISCORD_SHARD_IDS", "2-3")
    assert load_settings().shards() == Shards(4, (2, 3))
    monkeypatch.setenv("MLPATH_DISCORD_SHARD_IDS", "")  # a compose file's ${VAR:-}
    assert load_settings().shards() == Shards(4)
    monkeypatch.setenv("MLPATH_DISCORD_SHARD_IDS", "3-4")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    line = str(caught.value)
    assert line.startswith("MLPATH_DISCORD_SHARD_IDS:") and "\n" not in line
    assert "shard id 4 is not below the shard count 4" in line


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """``mlpath run`` up to the point it would connect: the settings it would serve with."""
    seen: list[Settings] = []

    async def serve(settings: Settings, *args: Any, **kwargs: Any) -> None:
        seen.append(settings)

    monkeypatch.setattr("bot.serve.serve", serve)
    return seen


@pytest.mark.parametrize(
    ("flags", "shards"),
    [
        ([], Shards()),
        (["--shard-count", "2", "--shard-ids", "0-1"], Shards(2, (0, 1))),
        (["--shard-count", "3", "--shard-ids", "0,2"], Shards(3, (0, 2))),
        (["--shard-count", "2"], Shards(2)),
    ],
)
def test_run_discord_takes_the_shard_flags(
    served: list[Settings], flags: list[str], shards: Shards
) -> None:
    result = runner.invoke(cli, ["run", "discord", *flags])
    assert result.exit_code == 0, result.output
    assert [s.shards() for s in served] == [shards]


def test_a_flag_wins_over_its_variable(
    served: list[Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLPATH_DISCORD_SHARD_COUNT", "4")
    monkeypatch.setenv("MLPATH_DISCORD_SHARD_IDS", "0-1")
    assert runner.invoke(cli, ["run", "discord", "--shard-ids", "2-3"]).exit_code == 0
    assert served[0].shards() == Shards(4, (2, 3))


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (
            ["--shard-ids", "0-1"],
            "mlpath: --shard-ids: shard ids need a shard count (--shard-count or "
            "MLPATH_DISCORD_SHARD_COUNT): every process must agree on how many shards there are",
        ),
        (
            ["--shard-count", "2", "--shard-ids", "0,2"],
            "mlpath: --shard-ids: shard id 2 is not below the shard count 2 (ids run from 0 to 1)",
        ),
        (
            ["--shard-count", "2", "--shard-ids", "one"],
            "mlpath: --shard-ids: 'one' is not a shard id or a range; give shard ids as a range "
            "or a list, e.g. 0-3 or 0,2",
        ),
        (
            ["--shard-count", "0"],
            "mlpath: --shard-count: '0' is not a shard count (a whole number from 1, e.g. 2)",
        ),
    ],
)
def test_bad_shard_flags_are_one_line(served: list[Settings], flags: list[str], line: str) -> None:
    result = runner.invoke(cli, ["run", "discord", *flags])
    assert result.exit_code == 2
    assert result.stderr.strip() == line and "Traceback" not in result.output
    assert served == []  # nothing started
