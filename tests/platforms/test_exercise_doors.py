"""An exercise through the front doors — fetch it, fail it, pass it — with the two fixture
exercises and the real sandbox: Discord against the fake gateway (a modal, then a .py
attachment) and the console's ``:submit ID FILE`` (Slack: test_exercise_slack.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import App
from bot.content.catalog import Catalog, load_catalog
from bot.paths import content_dir
from bot.platforms.discord.client import MlpathBot
from tests.exercises.conftest import FIXTURES
from tests.exercises.test_exercise_service import fixture_catalog
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    answer,
    clock,
    fake_and_bot,
    message_of,
    mlpath,
    run,
    sleeper,
    text_of,
)
from tests.platforms.fake_discord import FakeAttachment, FakeDiscord
from tests.platforms.test_console import mlpath as mlpath_cli

MODAL = 9


pytestmark = pytest.mark.usefixtures("sandboxed")  # runs code in the exercise sandbox


def code(name: str) -> str:
    return (FIXTURES / "exercises" / "clip-values" / name).read_text()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return fixture_catalog(load_catalog(content_dir()))


# --- Discord --------------------------------------------------------------------------------


def _modal(callback: dict[str, Any]) -> dict[str, Any]:
    body = callback.get("payload_json", callback)
    assert body["type"] == MODAL, body
    return body["data"]  # type: ignore[no-any-return]


async def test_discord_fetch_fail_by_modal_pass_by_attachment(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    shown = await run(fake, "exercise show", {"exercise": "clip-values"})
    assert "Clip values into a range" in text_of(shown)
    assert "```python" in text_of(shown)
    await fake.wait_until(
        lambda: next((u for u in fake.uploads if u.filename == "clip_values.py"), None),
        10,
        "the starter file",
    )

    ref = await fake.send_interaction("exercise submit", {"exercise": "clip-values"}, user_id=ANA)
    modal = _modal(await fake.wait_callback(ref.id))
    fields = [c["custom_id"] for row in modal["components"] for c in row["components"]]
    assert fields == ["code"]
    ref = await fake.send_interaction(
        custom_id=modal["custom_id"], modal_fields={"code": code("starter.py")}, user_id=ANA
    )
    failed = text_of(message_of(await answer(fake, ref)))
    assert "❌ Not yet: Clip values into a range" in failed
    assert "Hidden tests: 0 of 3 passed" in failed

    upload = FakeAttachment("clip.py", code("solution.py").encode(), "text/x-python")
    passed = text_of(
        await run(fake, "exercise submit", {"exercise": "clip-values", "file": upload})
    )
    assert "✅ Passed: Clip values into a range" in passed and "+20 XP" in passed
    listed = text_of(await run(fake, "exercise list"))
    assert "1 of 2 passed" in listed


# --- the console ----------------------------------------------------------------------------


def test_console_fetch_fail_and_pass_with_submit(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(content_dir(), content, ignore=shutil.ignore_patterns("exercises"))
    shutil.copytree(FIXTURES / "exercises", content / "exercises")
    for name in ("starter.py", "solution.py"):
        (tmp_path / name).write_text(code(name))
    script = (
        "/exercise\n"
        f":submit clip-values {tmp_path / 'starter.py'}\n"
        f":submit clip-values {tmp_path / 'solution.py'}\n"
        ":submit clip-values\n"
        "/exercise list\n"
    )
    result = mlpath_cli(
        "shell",
        "--db",
        f"sqlite+aiosqlite:///{tmp_path / 'shell.db'}",
        "--now",
        "2026-03-01T10:00",
        stdin=script,
        env={"MLPATH_CONTENT_DIR": str(content)},
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "🧪 Clip values into a range (clip-values)" in out
    assert "❌ Not yet: Clip values into a range" in out
    assert "✅ Passed: Clip values into a range" in out and "+20 XP" in out
    assert "Name the exercise and a file: :submit stable-softmax path/to/code.py" in out
    assert "1 of 2 passed" in out
    assert "Traceback" not in out + result.stderr
