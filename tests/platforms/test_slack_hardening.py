"""Slack through signed HTTP against the real bolt app (issue 12): malformed requests are
refused before bolt parses them (item 9), a demoted admin is refused at once (item 14), user
text cannot ping a channel (item 13), and a reminder DM's button acts in its team (item 2)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from tests.platforms.fake_slack import (
    BoltHTTPServer,
    FakeSlackAPI,
    block_action_body,
)
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    SECRET,
    TEAM,
    ask,
    clock,
    command,
    ephemeral,
    fake,
    mlpath,
    server,
    shown,
    sleeper,
)

BOSS = "U0BOSS"


async def _post_raw(
    server: BoltHTTPServer, raw: bytes, *, signed: bool, timestamp: str | None = None
) -> int:
    """POST bytes as Slack would, signed with the app's secret or not."""
    json_body = raw.startswith((b"[", b"{"))
    content_type = "application/json" if json_body else "application/x-www-form-urlencoded"
    headers = {"Content-Type": content_type}
    if signed:
        ts = timestamp or str(int(time.time()))
        base = b"v0:" + ts.encode() + b":" + raw
        digest = hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
        headers |= {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
    elif timestamp is not None:
        headers |= {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=00"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.url, data=raw, headers=headers) as response,
    ):
        return response.status


async def test_malformed_requests_get_400_or_401_and_no_traceback(
    server: BoltHTTPServer, fake: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    cases = [
        (b"payload={not json", False, None, 401),
        (b"\xff\xfe\xfd not utf-8 payload=", False, None, 401),
        (b"text=checkin", False, "not-a-number", 401),  # bolt's own check would raise here
        (b"payload={not json", True, None, 400),
        (b"\xff\xfe\xfd not utf-8", True, None, 400),
        (b"payload=[1,2]", True, None, 400),
        (b"[1, 2]", True, None, 400),
    ]
    for raw, signed, timestamp, expected in cases:
        status = await _post_raw(server, raw, signed=signed, timestamp=timestamp)
        assert status == expected, (raw, signed, status)
    await server.drain()
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert loud == [], [r.getMessage() for r in loud]
    assert fake.calls == []  # none of them reached a listener
    status, text = await ask(server, fake, command("streak", fake=fake))  # still serving
    assert status == 200 and "not checked in" in ephemeral(text)["text"]


async def test_a_demoted_workspace_admin_is_refused_at_once(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    boss = fake.add_user(BOSS, tz="UTC", is_admin=True, real_name="Boss", name="boss")
    await ask(server, fake, command("checkin", fake=fake))  # Ana has used mlpath
    granted = ephemeral(
        (await ask(server, fake, command("admin xp <@U0ANA|ana> 5 welcome", BOSS, fake=fake)))[1]
    )
    assert "for moderators" not in granted["text"], granted["text"]
    status, text = await ask(server, fake, command("admin audit", BOSS, fake=fake))
    assert "for moderators" not in ephemeral(text)["text"]  # read from the cache: no call
    boss.is_admin = False  # demoted in Slack a moment later
    for destructive in (
        "admin xp <@U0ANA|ana> 500 oops",
        "admin streak-restore <@U0ANA|ana> 3 oops",
        "admin mods add <@U0BEN|ben>",
        "admin export json",
    ):
        refused = ephemeral((await ask(server, fake, command(destructive, BOSS, fake=fake)))[1])
        assert "for moderators" in refused["text"], (destructive, refused["text"])
    fresh = [c for c in fake.calls_to("users.info") if c.params["user"] == BOSS]
    assert len(fresh) == 1 + 4  # the first grant and each destructive action read it anew


async def test_names_and_notes_in_channel_posts_cannot_ping(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, clock: ManualClock
) -> None:
    fake.add_user(BOSS, tz="UTC", is_admin=True, real_name="Boss", name="boss")
    fake.add_user("U0LOUD", tz="UTC", real_name="Loud", name="@channel <!channel> & @here")
    await ask(server, fake, command("admin setup <#C0STUDY|study> 23:59 UTC", BOSS, fake=fake))
    await ask(
        server,
        fake,
        command('project add "@here <!here>" https://example.org', "U0LOUD", fake=fake),
    )
    await ask(server, fake, command('project update "@here" started', "U0LOUD", fake=fake))
    for _ in range(7):
        await ask(server, fake, command("checkin <!here> @everyone", "U0LOUD", fake=fake))
        clock.advance(timedelta(days=1))
    await ask(server, fake, command('project ship "@here"', "U0LOUD", fake=fake))
    await mlpath.services.delivery.drain()
    posts = [c.params for c in fake.calls_to("chat.postMessage")]
    about_loud = [p for p in posts if "@channel" in json.dumps(p)]
    assert len(about_loud) >= 2  # the ship post and the 7-day milestone
    for post in about_loud:
        assert post["parse"] == "none"
        rendered = json.dumps(post)
        assert "<!channel>" not in rendered and "<!here>" not in rendered
        texts = _text_objects(post["blocks"])
        assert texts and all(t.get("verbatim") is True for t in texts if t["type"] == "mrkdwn")
        assert "&lt;!channel&gt; &amp; @here" in rendered


def _text_objects(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            out.append(block["text"])
        out += list(block.get("fields") or [])
    return out


async def test_a_reminder_dm_button_checks_in_in_its_team(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    await ask(server, fake, command("remind on 00:00", fake=fake))  # Kathmandu: 00:15 now
    await mlpath.services.daily.run_due_reminders()
    await mlpath.services.delivery.drain()
    (dm,) = [c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"] == ANA]
    assert dm["parse"] == "none"
    (button,) = [e for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == f"mlpath@{TEAM}:checkin:"
    press = block_action_body(
        button["action_id"],
        button["value"],
        user_id=ANA,
        team_id=TEAM,
        channel_id="D0ANA",
        trigger_id="dm-press",
        response_url=fake.response_url("dm-press"),
    )
    status, _ = await server.post(press)
    assert status == 200
    reply = await fake.wait_for_response_to("dm-press")
    assert "Checked in for" in shown(reply.body), reply.body
    status, text = await ask(server, fake, command("streak", fake=fake))
    assert "Checked in for today" in ephemeral(text)["text"]
