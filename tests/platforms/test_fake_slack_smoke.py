"""Smoke tests: a real slack-bolt AsyncApp served over HTTP against the local fake Slack."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.platforms.fake_slack import (
    DEFAULT_BOT_USER_ID,
    BoltHTTPServer,
    FakeSlackAPI,
    SlackRequestSigner,
    app_home_opened_event,
    block_action_body,
    event_body,
    slash_command_body,
    url_verification_body,
)

SIGNING_SECRET = "s3cr3t"
TOKEN = "xoxb-test"
CALLER = "U0123ADA"


def build_app(fake: FakeSlackAPI) -> AsyncApp:
    """The app under test: a slash command, a button and an App Home tab."""
    app = AsyncApp(
        signing_secret=SIGNING_SECRET,
        token=TOKEN,
        client=AsyncWebClient(token=TOKEN, base_url=fake.base_url),
    )

    @app.command("/mlpath")
    async def mlpath(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        info = await client.users_info(user=command["user_id"])
        await client.chat_postEphemeral(
            channel=command["channel_id"], user=command["user_id"], text=f"hi {info['user']['tz']}"
        )

    @app.action("smoke")
    async def smoke(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.chat_postMessage(
            channel=body["channel"]["id"], text=f"clicked {body['actions'][0]['value']}"
        )

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as api:
        api.add_user(CALLER, real_name="Ada Lovelace", tz="Europe/London", is_admin=True)
        yield api


@pytest.fixture
async def server(fake: FakeSlackAPI) -> AsyncIterator[BoltHTTPServer]:
    async with BoltHTTPServer(build_app(fake), signer=SlackRequestSigner(SIGNING_SECRET)) as srv:
        yield srv


# -- the five required checks ----------------------------------------------


async def test_signed_slash_command_posts_ephemeral_with_user_tz(
    fake: FakeSlackAPI, server: BoltHTTPServer
) -> None:
    status, _ = await server.post(
        slash_command_body("/mlpath", "status", user_id=CALLER, channel_id="C0999")
    )
    assert status == 200

    call = await fake.wait_for("chat.postEphemeral")
    # bolt's per-request client also adds the request's team_id to every call
    assert call.params == {
        "channel": "C0999",
        "user": CALLER,
        "text": "hi Europe/London",
        "team_id": "T0000TEST",
    }
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert fake.calls_to("users.info")[0].params["user"] == CALLER


async def test_bad_signature_is_rejected(fake: FakeSlackAPI, server: BoltHTTPServer) -> None:
    status, _ = await server.post(
        slash_command_body(user_id=CALLER), signer=SlackRequestSigner("wrong-secret")
    )
    assert status == 401
    await server.drain()
    assert fake.calls == []  # rejected before authorization: not even auth.test


async def test_stale_timestamp_is_rejected(fake: FakeSlackAPI, server: BoltHTTPServer) -> None:
    six_minutes_ago = int(time.time()) - 6 * 60
    status, _ = await server.post(slash_command_body(user_id=CALLER), timestamp=six_minutes_ago)
    assert status == 401
    assert fake.calls == []


async def test_block_action_posts_message(fake: FakeSlackAPI, server: BoltHTTPServer) -> None:
    status, _ = await server.post(
        block_action_body("smoke", "go", user_id=CALLER, channel_id="C0777")
    )
    assert status == 200

    call = await fake.wait_for("chat.postMessage")
    assert call.params["channel"] == "C0777"
    assert call.params["text"] == "clicked go"


async def test_auth_test_is_called_once_lazily_by_bolt(fake: FakeSlackAPI) -> None:
    # AsyncApp has no token_verification_enabled flag (only the sync App does):
    # its single-team authorization calls auth.test on the first authorized
    # request and caches the result, so we let it hit the fake and count.
    app = build_app(fake)
    assert fake.calls == []  # constructing the app calls nothing

    async with BoltHTTPServer(app, signer=SlackRequestSigner(SIGNING_SECRET)) as server:
        assert (await server.post(slash_command_body(user_id=CALLER)))[0] == 200
        assert (await server.post(block_action_body("smoke", "x", user_id=CALLER)))[0] == 200
        await fake.wait_for("chat.postEphemeral")
        await fake.wait_for("chat.postMessage")

    auth_calls = fake.calls_to("auth.test")
    assert len(auth_calls) == 1
    assert fake.calls[0].method == "auth.test"
    assert auth_calls[0].token == TOKEN


# -- harness self-checks ---------------------------------------------------


async def test_events_url_verification_and_retry_headers(
    fake: FakeSlackAPI, server: BoltHTTPServer
) -> None:
    status, text = await server.post(url_verification_body("abc123"))
    assert (status, text) == (200, '{"challenge": "abc123"}')

    status, _ = await server.post(event_body(app_home_opened_event(CALLER)), retry_num=1)
    assert status == 200
    call = await fake.wait_for("views.publish")
    assert call.params["user_id"] == CALLER
    assert call.params["view"]["type"] == "home"


async def test_fake_api_rate_limit(fake: FakeSlackAPI) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as excinfo:
        await fake.client(TOKEN).chat_postMessage(channel="C1", text="x")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "7"
    assert excinfo.value.response["error"] == "ratelimited"

    fake.fail_next("chat.postMessage", retry_after=0)
    client = fake.client(TOKEN, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    response = await client.chat_postMessage(channel="C1", text="y")
    assert response["ok"] and response["channel"] == "C1"
    assert len(fake.calls_to("chat.postMessage")) == 3


async def test_fake_api_users_files_and_response_url(fake: FakeSlackAPI) -> None:
    client = fake.client(TOKEN)
    assert (await client.auth_test())["user_id"] == DEFAULT_BOT_USER_ID
    user = (await client.users_info(user=CALLER))["user"]
    assert (user["tz"], user["is_admin"], user["is_owner"], user["real_name"]) == (
        "Europe/London",
        True,
        False,
        "Ada Lovelace",
    )
    with pytest.raises(SlackApiError) as excinfo:
        await client.users_info(user="U_NOBODY")
    assert excinfo.value.response["error"] == "user_not_found"

    upload = await client.files_upload_v2(channel="C1", filename="report.csv", content="a,b\n1,2\n")
    assert upload["file"]["name"] == "report.csv"
    assert fake.uploads[upload["file"]["id"]] == b"a,b\n1,2\n"

    webhook = await AsyncWebhookClient(fake.response_url("cmd-1")).send(
        text="done", response_type="ephemeral"
    )
    assert webhook.status_code == 200
    posted = await fake.wait_for_response()
    assert posted.response_id == "cmd-1"
    assert posted.body == {"text": "done", "response_type": "ephemeral"}

    with pytest.raises(SlackApiError) as excinfo:
        await fake.client(token="").chat_postMessage(channel="C1", text="x")
    assert excinfo.value.response["error"] == "not_authed"
