"""Block Kit's documented limits (issue 12, item 5): the fake Web API refuses what Slack
refuses, and mlpath splits long replies over sections, fields and messages, cutting nothing.
https://docs.slack.dev/reference/block-kit/blocks/section-block"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError

from bot.bootstrap import App
from bot.platforms.slack.publisher import SlackPublisher
from bot.platforms.slack.render import escape
from bot.replies import Button, Field, Reply
from tests.platforms.fake_slack import BoltHTTPServer, FakeSlackAPI
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ask,
    blocks_of,
    clock,
    command,
    ephemeral,
    fake,
    mlpath,
    server,
    shown,
    sleeper,
)


def _within_limits(message: dict[str, Any]) -> None:
    blocks = blocks_of(message)
    assert 0 < len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            if "text" in block:
                assert 0 < len(block["text"]["text"]) <= 3000
                assert block["text"].get("verbatim") is True
            assert len(block.get("fields", [])) <= 10
            for field in block.get("fields", []):
                assert 0 < len(field["text"]) <= 2000 and field["verbatim"] is True
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25


async def test_the_fake_refuses_what_slack_refuses(fake: FakeSlackAPI) -> None:
    client = fake.client()
    long_text = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel="C1", text="x", blocks=long_text)
    assert refused.value.response["error"] == "invalid_blocks"
    assert refused.value.response["errors"] == [
        "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]
    eleven = [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}]
    with pytest.raises(SlackApiError):
        await client.chat_postEphemeral(channel="C1", user="U1", text="x", blocks=eleven)
    fifty_one = [{"type": "divider"}] * 51
    with pytest.raises(SlackApiError):
        await client.chat_postMessage(channel="C1", text="x", blocks=fifty_one)
    async with (
        aiohttp.ClientSession() as session,
        session.post(fake.response_url("r"), json={"text": "x", "blocks": eleven}) as response,
    ):
        assert (response.status, await response.text()) == (400, "invalid_blocks")
    assert [where for where, _ in fake.refused] == [
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.postMessage",
        "r",
    ]


async def test_help_and_quiz_topics_show_everything(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    usages = [c.usage for c in mlpath.dispatcher.commands.commands]
    assert len(usages) > 10  # more than one section's fields
    status, text = await ask(server, fake, command("help", fake=fake))
    reply = ephemeral(text)
    _within_limits(reply)
    seen = shown(reply).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    missing = [u for u in usages if f"*{u}" not in seen]
    assert missing == []

    status, text = await ask(server, fake, command("quiz topics", fake=fake))
    reply = ephemeral(text)
    _within_limits(reply)
    topics = [t.name for t in mlpath.catalog.topics.values()]
    assert len(topics) > 10
    assert [t for t in topics if f"*{escape(t)}*" not in shown(reply)] == []
    assert fake.refused == []


async def test_a_reply_of_any_length_is_posted_whole(fake: FakeSlackAPI) -> None:
    words = " ".join(f"w{n}" for n in range(3000)) + " <!channel> & done"
    reply = Reply(
        words,
        title="Everything",
        fields=tuple(Field(f"field {n}", f"value {n} " + "v" * 2500) for n in range(250)),
        buttons=tuple(Button(f"b{n}", "noop", str(n)) for n in range(30)),
        private=False,
    )
    await SlackPublisher(fake.client(), rate=1000).post("T", "C0STUDY", reply)
    posts = [c.params for c in fake.calls_to("chat.postMessage")]
    assert fake.refused == [] and len(posts) > 1  # 500 fields: more than 50 blocks
    for post in posts:
        _within_limits(post)
        assert post["parse"] == "none" and post["channel"] == "C0STUDY"
    everything = "\n".join(shown(p) for p in posts)
    assert "<!channel>" not in everything and "&lt;!channel&gt; &amp; done" in everything
    sections = [b["text"]["text"] for p in posts for b in blocks_of(p) if "text" in b]
    assert (
        " ".join(sections).split()
        == (
            "*Everything*\n" + words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        ).split()
    )
    fields = [f["text"] for p in posts for b in blocks_of(p) for f in b.get("fields", [])]
    for n in range(250):
        parts = [
            f.split("\n", 1)[1]
            for f in fields
            if f.startswith((f"*field {n}*\n", f"*field {n} (continued)*\n"))
        ]
        assert "".join(parts) == f"value {n} " + "v" * 2500
    buttons = [
        e for p in posts for b in blocks_of(p) if b["type"] == "actions" for e in b["elements"]
    ]
    assert sorted(b["text"]["text"] for b in buttons) == sorted(f"b{n}" for n in range(30))
    assert json.dumps(posts).count('"type": "actions"') == 2  # 25 buttons to a block
