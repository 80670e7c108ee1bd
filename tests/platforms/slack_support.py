"""Shared Slack test support: the fake Web API, the app on a manual clock, signed requests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.slack.app import build_slack_app
from bot.platforms.slack.http import SlackHTTP
from tests.platforms.fake_slack import (
    BoltHTTPServer,
    FakeSlackAPI,
    SlackRequestSigner,
    slash_command_body,
    view_submission_body,
)

SECRET = "s3cr3t"
TEAM = "T0000TEST"
ANA = "U0ANA"
BEN = "U0BEN"
CY = "U0CY"
MOD = "U0MOD"
START = datetime(2026, 1, 5, 18, 30, tzinfo=UTC)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI(team_id=TEAM) as api:
        api.add_user(ANA, tz="Asia/Kathmandu", real_name="Ana", name="ana")
        api.add_user(BEN, tz="America/Los_Angeles", real_name="Ben", name="ben")
        api.add_user(CY, tz="Europe/Berlin", real_name="Cy", name="cy")
        api.add_user(MOD, tz="UTC", real_name="Mo", name="mo", is_admin=True)
        yield api


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def sleeper(clock: ManualClock) -> ManualSleeper:
    return ManualSleeper(clock)


@pytest.fixture
async def mlpath(
    tmp_path: Path,
    sqlite_template: Path,
    catalog: Catalog,
    fake: FakeSlackAPI,
    clock: ManualClock,
    sleeper: ManualSleeper,
) -> AsyncIterator[App]:
    db = tmp_path / "slack.db"
    db.write_bytes(sqlite_template.read_bytes())
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        slack_bot_token="xoxb-test",  # type: ignore[arg-type]
        slack_signing_secret=SECRET,  # type: ignore[arg-type]
        slack_api_url=fake.base_url,
    )
    # Rounds wait on the manual clock: the test moves time, nothing really sleeps.
    app = build(settings, clock=clock, catalog=catalog, sleeper=sleeper, round_lead_in=timedelta(0))
    yield app
    await app.aclose()


@pytest.fixture
async def server(mlpath: App) -> AsyncIterator[BoltHTTPServer]:
    """The bolt app behind mlpath's own HTTP front (``SlackHTTP``), as ``run slack --http``."""
    bolt = build_slack_app(mlpath)
    front = SlackHTTP(bolt, SECRET).handle
    async with BoltHTTPServer(bolt, signer=SlackRequestSigner(SECRET), handler=front) as srv:
        yield srv


_trigger = iter(range(10**6))


def next_trigger() -> int:
    """A fresh number for trigger ids and response urls."""
    return next(_trigger)


def command(text: str, user: str = ANA, fake: FakeSlackAPI | None = None, **kw: Any) -> str:
    return slash_command_body(
        "/mlpath",
        text,
        user_id=user,
        team_id=TEAM,
        trigger_id=f"trig-{next(_trigger)}",
        response_url=fake.response_url(f"r{next(_trigger)}") if fake else kw.pop("response_url"),
        **kw,
    )


def response_id_of(body: str) -> str:
    """The id of the fake ``response_url`` a command or button body carries."""
    fields = dict(parse_qsl(body))
    url = fields.get("response_url") or json.loads(fields.get("payload", "{}")).get("response_url")
    assert url, "the request carries no response_url"
    return str(url).rsplit("/", 1)[1]


async def ask(server: BoltHTTPServer, fake: FakeSlackAPI, body: str) -> tuple[int, str]:
    """Post a signed command (or button); (the ack's status, the JSON text of the reply posted
    to its ``response_url``). The ack itself is empty: mlpath acks before any work."""
    status, ack = await server.post(body)
    assert ack == "", f"the ack carries nothing, the reply comes later: {ack}"
    response = await fake.wait_for_response_to(response_id_of(body))
    return status, json.dumps(response.body)


def ephemeral(text: str) -> dict[str, Any]:
    body = json.loads(text)
    assert body["response_type"] == "ephemeral"
    return body  # type: ignore[no-any-return]


def in_channel(text: str) -> dict[str, Any]:
    body = json.loads(text)
    assert body["response_type"] == "in_channel"
    return body  # type: ignore[no-any-return]


def one_private_line(text: str) -> str:
    body = ephemeral(text)
    assert "\n" not in body["text"] and len(body["blocks"]) == 1, body
    return body["text"]  # type: ignore[no-any-return]


def blocks_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks  # type: ignore[no-any-return]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in blocks_of(message) if b["type"] == "actions" for e in b["elements"]]


def shown(message: dict[str, Any]) -> str:
    """Everything a reader sees in a Block Kit message: sections and their fields."""
    parts = []
    for block in blocks_of(message):
        if block["type"] == "section":
            parts.append(block.get("text", {}).get("text", ""))
            parts.extend(f["text"] for f in block.get("fields", []))
    return "\n".join(parts)


def view_of(call: Any) -> dict[str, Any]:
    """The view a views.open or views.publish call carried."""
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view  # type: ignore[no-any-return]


async def open_form(
    server: BoltHTTPServer, fake: FakeSlackAPI, text: str, user: str = ANA
) -> dict[str, Any]:
    """``/mlpath text`` that opens a form: an empty ack and a views.open; the view."""
    count = len(fake.calls_to("views.open")) + 1
    status, body = await server.post(command(text.strip(), user, fake=fake))
    assert status == 200 and body == "", body
    return view_of(await fake.wait_for("views.open", count=count))


async def submit(
    server: BoltHTTPServer,
    fake: FakeSlackAPI,
    view: dict[str, Any],
    values: dict[str, str],
    user: str = ANA,
) -> dict[str, Any]:
    """Submit ``view`` with ``values``; the private reply (chat.postEphemeral) it caused."""
    count = len(fake.calls_to("chat.postEphemeral")) + 1
    state = {k: {"value": {"type": "plain_text_input", "value": v}} for k, v in values.items()}
    status, body = await server.post(
        view_submission_body(
            view["callback_id"],
            state,
            user_id=user,
            team_id=TEAM,
            private_metadata=view["private_metadata"],
            trigger_id=f"submit-{next_trigger()}",
        )
    )
    assert status == 200 and body == ""  # an empty ack closes the modal
    call = await fake.wait_for("chat.postEphemeral", count=count)
    assert call.params["user"] == user
    return call.params
