"""Slack for many workspaces (issue 14): installs through bolt's OAuth flow against the fake
Slack, each workspace's posts with its own token, an uninstall that removes one and leaves
the other, the state checked, and tokens encrypted at rest — on SQLite and Postgres."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.slack.app import build_slack_app
from bot.platforms.slack.http import slack_web_app
from bot.platforms.slack.installations import reencrypt_tokens
from tests.platforms.fake_slack import (
    FakeSlackAPI,
    SlackRequestSigner,
    event_body,
    post_signed,
    slash_command_body,
)
from tests.platforms.slack_support import START

SECRET = "s3cr3t"
KEY = Fernet.generate_key().decode()
ALPHA, BETA = "T0ALPHA", "T0BETA"
TOKENS = {ALPHA: "xoxb-alpha-1111", BETA: "xoxb-beta-2222"}
CHANNELS = {ALPHA: "C0ALPHA", BETA: "C0BETA"}
MODS = {ALPHA: "U0MODA", BETA: "U0MODB"}
COOKIE = "slack-app-oauth-state"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI(team_id=ALPHA, accepted_tokens=()) as api:
        for team, mod in MODS.items():
            api.add_user(mod, tz="UTC", real_name=f"Mod {team}", name=mod.lower(), is_admin=True)
        yield api


def oauth_settings(db_url: str, fake: FakeSlackAPI, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "slack_signing_secret": SECRET,
        "slack_client_id": "111.222",
        "slack_client_secret": "client-secret",
        "secret_key": KEY,
        "slack_api_url": fake.base_url,
    }
    values.update(overrides)
    return Settings(**values)


class Web:
    """``mlpath run slack --http`` in OAuth mode: the real aiohttp app on a loopback port."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.bolt = build_slack_app(app)
        self.url = ""
        self._runner = web.AppRunner(slack_web_app(self.bolt, SECRET))

    async def __aenter__(self) -> Web:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()

    async def get(self, path: str, cookie: str | None = None) -> tuple[int, str, SimpleCookie]:
        headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
        async with (
            aiohttp.ClientSession() as http,
            http.get(self.url + path, headers=headers, allow_redirects=False) as resp,
        ):
            jar: SimpleCookie = SimpleCookie()
            for value in resp.headers.getall("Set-Cookie", []):
                jar.load(value)
            return resp.status, await resp.text(), jar

    async def start_install(self) -> str:
        """``GET /slack/install``: the state, as the cookie and in the authorize link."""
        status, page, jar = await self.get("/slack/install")
        assert status == 200
        state = jar[COOKIE].value
        link = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page)
        assert link is not None and f"state={state}" in link.group(1)
        assert "client_id=111.222" in link.group(1)
        assert "scope=commands,chat:write," in link.group(1)
        return state

    async def install(self, fake: FakeSlackAPI, team: str) -> None:
        """The whole flow for ``team``: install page, Slack's consent, the redirect back."""
        state = await self.start_install()
        code = f"code-{team}"
        fake.grant(code, team_id=team, bot_token=TOKENS[team], team_name=team.lower())
        status, _, _ = await self.get(f"/slack/oauth_redirect?code={code}&state={state}", state)
        assert status == 200

    async def post(self, body: str) -> int:
        status, _ = await post_signed(
            self.url + "/slack/events", body, signer=SlackRequestSigner(SECRET)
        )
        return status

    async def command(self, fake: FakeSlackAPI, team: str, line: str) -> dict[str, Any]:
        """``/mlpath line`` from workspace ``team``'s moderator; the reply it got."""
        rid = f"{team}-{len(fake.responses)}-{line[:8]}".replace(" ", "_")
        body = slash_command_body(
            "/mlpath",
            line,
            user_id=MODS[team],
            team_id=team,
            trigger_id=f"trig-{rid}",
            response_url=fake.response_url(rid),
        )
        assert await self.post(body) == 200
        return (await fake.wait_for_response_to(rid)).body


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)  # 18:30 UTC: a group set up for 18:00 is due today


@pytest.fixture
async def mlpath(
    db_url: str, catalog: Catalog, clock: ManualClock, fake: FakeSlackAPI
) -> AsyncIterator[App]:
    app = build(oauth_settings(db_url, fake), clock=clock, catalog=catalog)
    yield app
    await app.aclose()


async def raw_installs(app: App) -> dict[str, str]:
    """team id -> the bot_token column exactly as stored."""
    async with app.uow(write=False) as uow:
        rows = await uow.session.execute(text("SELECT team_id, bot_token FROM slack_installations"))
        return {team: token for team, token in rows.all()}


def posts_by_channel(fake: FakeSlackAPI) -> dict[str, set[str | None]]:
    """channel -> the bot tokens its chat.postMessage calls carried."""
    found: dict[str, set[str | None]] = {}
    for call in fake.calls_to("chat.postMessage"):
        found.setdefault(str(call.params["channel"]), set()).add(call.token)
    return found


async def test_two_workspaces_each_post_with_their_own_token_and_one_leaves(
    mlpath: App, fake: FakeSlackAPI, clock: ManualClock
) -> None:
    async with Web(mlpath) as server:
        await server.install(fake, ALPHA)
        await server.install(fake, BETA)
        assert len(fake.calls_to("oauth.v2.access")) == 2
        # Stored encrypted: the column is Fernet ciphertext under MLPATH_SECRET_KEY.
        stored = await raw_installs(mlpath)
        assert set(stored) == {ALPHA, BETA}
        for team, column in stored.items():
            assert TOKENS[team] not in column and "xoxb-" not in column
            assert Fernet(KEY.encode()).decrypt(column.encode()).decode() == TOKENS[team]

        for team in (ALPHA, BETA):
            reply = await server.command(
                fake, team, f"admin setup <#{CHANNELS[team]}|study> 18:00 UTC"
            )
            assert f"Daily posts go to {CHANNELS[team]}" in reply["text"], reply
        # Requests in each workspace ran with its own token (users.info for the moderator).
        for team, mod in MODS.items():
            lookups = [c for c in fake.calls_to("users.info") if c.params["user"] == mod]
            assert lookups and {c.token for c in lookups} == {TOKENS[team]}

        await mlpath.services.daily.run_due()
        await mlpath.services.delivery.drain()
        assert posts_by_channel(fake) == {
            CHANNELS[ALPHA]: {TOKENS[ALPHA]},
            CHANNELS[BETA]: {TOKENS[BETA]},
        }

        # Beta removes the app: its token is gone and its schedule paused; Alpha goes on.
        uninstall = event_body({"type": "app_uninstalled"}, team_id=BETA)
        assert await server.post(uninstall) == 200
        await fake_wait(lambda: _paused(mlpath, BETA))
        fake.revoke(TOKENS[BETA])
        assert set(await raw_installs(mlpath)) == {ALPHA}
        assert await _paused(mlpath, BETA) and not await _paused(mlpath, ALPHA)

        fake.reset()
        clock.advance(timedelta(days=1))
        await mlpath.services.daily.run_due()
        await mlpath.services.delivery.drain()
        assert posts_by_channel(fake) == {CHANNELS[ALPHA]: {TOKENS[ALPHA]}}
        # Beta's community and its data stay, with the pause in its audit log.
        export = json.loads(await mlpath.services.export.community("slack", BETA))
        assert export["community"]["paused"] is True


async def _paused(app: App, team: str) -> bool:
    async with app.uow(write=False) as uow:
        community = await uow.communities.get("slack", team)
        return community is not None and community.paused


async def fake_wait(ready: Any, seconds: float = 5.0) -> None:
    """Wait until ``await ready()`` holds (bolt runs event listeners after the ack)."""
    import asyncio

    for _ in range(int(seconds / 0.02)):
        if await ready():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the event was not handled in time")


async def test_a_redirect_with_a_wrong_missing_or_used_state_is_refused(
    mlpath: App, fake: FakeSlackAPI
) -> None:
    async with Web(mlpath) as server:
        state = await server.start_install()
        fake.grant("code-x", team_id=ALPHA, bot_token=TOKENS[ALPHA])
        forged = "x" * 43
        wrong, _, _ = await server.get(f"/slack/oauth_redirect?code=code-x&state={forged}", forged)
        missing, _, _ = await server.get("/slack/oauth_redirect?code=code-x")
        other_browser, _, _ = await server.get(f"/slack/oauth_redirect?code=code-x&state={state}")
        assert wrong == 401 and missing == 400 and other_browser == 400
        assert fake.calls_to("oauth.v2.access") == [] and await raw_installs(mlpath) == {}
        ok, _, _ = await server.get(f"/slack/oauth_redirect?code=code-x&state={state}", state)
        again, _, _ = await server.get(f"/slack/oauth_redirect?code=code-x&state={state}", state)
        assert (ok, again) == (200, 401)  # a state works once
        assert set(await raw_installs(mlpath)) == {ALPHA}


async def test_a_flow_started_on_one_replica_finishes_on_another(
    mlpath: App, fake: FakeSlackAPI, db_url: str, catalog: Catalog, clock: ManualClock
) -> None:
    other = build(oauth_settings(db_url, fake), clock=clock, catalog=catalog)
    try:
        async with Web(mlpath) as first, Web(other) as second:
            state = await first.start_install()
            fake.grant("code-r", team_id=BETA, bot_token=TOKENS[BETA])
            back = f"/slack/oauth_redirect?code=code-r&state={state}"
            status, _, _ = await second.get(back, state)
            assert status == 200
        workspaces = other.services.slack_workspaces
        assert workspaces is not None and await workspaces.bot_token(BETA) == TOKENS[BETA]
    finally:
        await other.aclose()


async def test_revoked_bot_tokens_pause_the_workspace_and_the_key_rotates(
    mlpath: App, fake: FakeSlackAPI, db_url: str, catalog: Catalog, clock: ManualClock
) -> None:
    async with Web(mlpath) as server:
        await server.install(fake, ALPHA)
        await server.install(fake, BETA)
        await server.command(fake, ALPHA, "admin setup <#C0ALPHA|study> 18:00 UTC")
        revoked = {"type": "tokens_revoked", "tokens": {"bot": ["U0000BOT"], "oauth": []}}
        assert await server.post(event_body(revoked, team_id=ALPHA)) == 200
        await fake_wait(lambda: _paused(mlpath, ALPHA))
    assert set(await raw_installs(mlpath)) == {BETA}

    # Rotation: a new key, the old one still read; rotate-key re-encrypts under the new one.
    new = Fernet.generate_key().decode()
    rotated = oauth_settings(db_url, fake, secret_key=new, secret_keys_old=KEY)
    assert await reencrypt_tokens(rotated) == 1
    column = (await raw_installs(mlpath))[BETA]
    assert Fernet(new.encode()).decrypt(column.encode()).decode() == TOKENS[BETA]
    after = build(oauth_settings(db_url, fake, secret_key=new), clock=clock, catalog=catalog)
    try:
        workspaces = after.services.slack_workspaces
        assert workspaces is not None and await workspaces.bot_token(BETA) == TOKENS[BETA]
    finally:
        await after.aclose()


def test_the_manifest_carries_the_redirect_url_and_the_leaving_events() -> None:
    from bot.platforms.slack.manifest import manifest

    single = manifest()
    assert "redirect_urls" not in single["oauth_config"]
    assert single["settings"]["socket_mode_enabled"] is True
    made = manifest(redirect_url="https://bot.example.org/slack/oauth_redirect")
    assert made["oauth_config"]["redirect_urls"] == ["https://bot.example.org/slack/oauth_redirect"]
    events = made["settings"]["event_subscriptions"]
    assert events["request_url"] == "https://bot.example.org/slack/events"
    assert {"app_uninstalled", "tokens_revoked"} <= set(events["bot_events"])
    assert made["settings"]["socket_mode_enabled"] is False
    assert json.dumps(made)  # serialisable as printed


def test_run_names_what_oauth_mode_is_missing_in_one_line(tmp_path: Path) -> None:
    from tests.platforms.test_console import mlpath as cli

    oauth = {
        "MLPATH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'none.db'}",
        "MLPATH_SLACK_CLIENT_ID": "111.222",
        "MLPATH_SLACK_CLIENT_SECRET": "client-secret",
        "MLPATH_SLACK_SIGNING_SECRET": SECRET,
        "MLPATH_SECRET_KEY": KEY,
    }
    socket = cli("run", "slack", env=oauth)
    assert socket.returncode == 2 and "needs `mlpath run slack --http`" in socket.stderr
    both = cli("run", "slack", "--http", env={**oauth, "MLPATH_SLACK_BOT_TOKEN": "xoxb-1"})
    assert both.returncode == 2 and "not both" in both.stderr
    no_key = cli("run", "slack", "--http", env={**oauth, "MLPATH_SECRET_KEY": ""})
    assert no_key.returncode == 2
    assert no_key.stderr.strip() == (
        "mlpath: MLPATH_SECRET_KEY is not set; put it in the environment or .env"
    )
    bad_key = cli("run", "slack", "--http", env={**oauth, "MLPATH_SECRET_KEY": "hunter2"})
    assert bad_key.returncode == 2 and bad_key.stderr.startswith("mlpath: MLPATH_SECRET_KEY:")
    assert "hunter2" not in bad_key.stderr
    made = cli("slack", "new-key")
    assert made.returncode == 0 and Fernet(made.stdout.strip().encode())
