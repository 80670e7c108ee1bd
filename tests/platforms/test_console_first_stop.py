"""Issue 13 items 6 and 7: the console as a first stop (a banner, :help, :press MSG N, a quick
start) and where the files it writes go."""

from __future__ import annotations

import io
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.platforms.console.run import run_shell
from tests.platforms.test_console import mlpath


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_a_person_at_a_terminal_gets_a_banner_with_the_commands_and_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")
    code = await run_shell(
        settings, "club", "2026-01-05T08:00", "UTC", Terminal(":quit\n"), tmp_path / "f"
    )
    out = capsys.readouterr().out
    assert code == 0
    first = out.splitlines()[0]
    assert first == "mlpath console · community club · you are you · clock Mon 2026-01-05 08:00 UTC"
    for expected in (":help", ":press MSG N", ":advance", "/help COMMAND", "/admin setup"):
        assert expected in out
    assert "#study-group at 09:00" in out  # the default schedule, and how to change it
    assert out.index("mlpath console") < out.index("you> ")
    assert len(out.split("you> ")[0].splitlines()) <= 24  # one screen


def test_help_shows_the_banner_and_a_pipe_gets_none(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"
    quiet = mlpath("shell", "--db", db, "--now", "2026-01-05T08:00", stdin="/streak\n")
    assert "mlpath console" not in quiet.stdout
    helped = mlpath("shell", "--db", db, "--now", "2026-01-05T08:00", stdin=":help\n")
    assert helped.stdout.startswith("mlpath console · community local")
    assert ":press N                  press button N of the last message with buttons" in (
        helped.stdout
    )
    assert f"Files (pictures, exports) are saved in {tmp_path / 'h-files'}" in helped.stdout


PRESS_SCRIPT = """\
:as ana
:advance 2h
/quiz sql 1
/streak
:press 1 1
:press 2 9
:press 7 1
:press a b c
"""


def test_press_numbers_messages_with_buttons_and_reaches_an_earlier_one(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"
    result = mlpath("shell", "--db", db, "--now", "2026-01-05T08:00", stdin=PRESS_SCRIPT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # the day's post is message 1, the challenge 2, the practice question 3
    assert "[2] Quiz me   (message 1: :press N, later :press 1 N)" in out
    assert "(message 3: :press N, later :press 3 N)" in out
    # /streak in between has no buttons; :press 1 1 is Check in on the day's post
    assert "[private → ana] Check-in\n  Checked in for Mon 5 Jan 2026." in out
    assert "Press a button from 1 to 4." in out
    assert "There is no message 7 to press on: messages with buttons are numbered 1 to " in out
    assert "Press a button with :press N, or on message MSG with :press MSG N." in out


def test_files_go_next_to_the_database_named_by_community_and_member(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'club.db'}"
    script = "/checkin\n/me export\n/profile\n"
    result = mlpath("shell", "--db", db, "--community", "club", stdin=script)
    assert result.returncode == 0, result.stderr
    export = tmp_path / "club-files" / "club-mlpath-export-you.json"
    assert f"attachment: {export} (" in result.stdout
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    assert (tmp_path / "club-files" / "club-mlpath-profile-you.png").exists()
    elsewhere = tmp_path / "elsewhere"
    args = ("shell", "--db", db, "--community", "club", "--files", str(elsewhere))
    again = mlpath(*args, stdin="/me export\n")
    assert f"attachment: {elsewhere / 'club-mlpath-export-you.json'} (" in again.stdout


def test_the_shell_starts_without_drawing_libraries() -> None:
    """Start-up stays quick: matplotlib is imported when a picture is drawn, not before."""
    code = (
        "import sys, bot.cli, bot.platforms.console.run, bot.services.career; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
