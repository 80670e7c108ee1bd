"""An exercise through Slack over signed HTTP: fetch it (the starter as a file), fail it and
pass it through the submit modal, with the fixture exercises and the real sandbox."""

from __future__ import annotations

import json

import pytest

from bot.content.catalog import Catalog, load_catalog
from bot.paths import content_dir
from tests.exercises.conftest import FIXTURES
from tests.exercises.test_exercise_service import fixture_catalog
from tests.platforms import slack_support as ss
from tests.platforms.fake_slack import BoltHTTPServer, FakeSlackAPI
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    clock,
    fake,
    mlpath,
    server,
    sleeper,
)

pytestmark = pytest.mark.usefixtures("sandboxed")  # runs code in the exercise sandbox


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return fixture_catalog(load_catalog(content_dir()))


def code(name: str) -> str:
    return (FIXTURES / "exercises" / "clip-values" / name).read_text()


async def test_slack_fetch_fail_and_pass_by_modal(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    _, reply = await ss.ask(server, fake, ss.command("exercise clip-values", fake=fake))
    assert "Clip values into a range" in json.dumps(ss.ephemeral(reply))
    await fake.wait_for("files.completeUploadExternal", timeout=10)
    names = [c.params["filename"] for c in fake.calls_to("files.getUploadURLExternal")]
    assert "clip_values.py" in names

    view = await ss.open_form(server, fake, "exercise submit clip-values")
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["code"]
    failed = json.dumps(await ss.submit(server, fake, view, {"code": code("starter.py")}))
    assert "Not yet" in failed and "Hidden tests: 0 of 3 passed" in failed
    passed = json.dumps(await ss.submit(server, fake, view, {"code": code("solution.py")}))
    assert "Passed" in passed and "+20 XP" in passed
