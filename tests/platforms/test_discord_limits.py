"""Discord's documented message limits (issue 12, item 5): the fake refuses what Discord
refuses, with Discord's 400 body, and mlpath splits long replies so nothing is refused or cut.
https://discord.com/developers/docs/resources/message#embed-object-embed-limits"""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.bootstrap import App
from bot.platforms.discord.client import DiscordPublisher, MlpathBot
from bot.replies import Button, Field, Reply
from bot.services.actor import Actor
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    CHANNEL,
    EPHEMERAL,
    GUILD,
    clock,
    fake_and_bot,
    mlpath,
    sleeper,
)
from tests.platforms.fake_discord import FakeDiscord, InteractionRef

ANA_ACTOR = Actor("discord", str(GUILD), str(ANA), "Ana")


def _shown(messages: list[dict[str, Any]]) -> list[str]:
    """Every text a reader sees, message by message, embed by embed, in order."""
    out: list[str] = []
    for message in messages:
        for embed in message.get("embeds", []):
            out += [embed.get("title") or "", embed.get("description") or ""]
            out += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return out


def _within_limits(message: dict[str, Any]) -> None:
    embeds = message.get("embeds", [])
    assert len(embeds) <= 10
    total = 0
    for embed in embeds:
        assert len(embed.get("title") or "") <= 256
        assert len(embed.get("description") or "") <= 4096
        assert len(embed.get("fields", [])) <= 25
        for f in embed.get("fields", []):
            assert 0 < len(f["name"]) <= 256 and 0 < len(f["value"]) <= 1024
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    assert total <= 6000


async def _all_messages(
    fake: FakeDiscord, ref: InteractionRef, done: Any, timeout: float = 10.0
) -> list[dict[str, Any]]:
    """The messages an interaction was answered with, once ``done(texts)`` holds."""
    await fake.wait_callback(ref.id, timeout=timeout)
    return await fake.wait_until(
        lambda: (ms := fake.interaction_messages(ref.id)) and done(_shown(ms)) and ms,
        timeout,
        "every part of the reply",
    )


async def test_the_fake_refuses_what_discord_refuses_with_discords_body(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, bot = fake_and_bot
    channel = bot.get_partial_messageable(CHANNEL)
    too_big = discord.Embed(description="x" * 4000)
    for n in range(3):
        too_big.add_field(name=f"field {n}", value="y" * 1000)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(embed=too_big)  # 7,0xx characters in one embed
    assert refused.value.status == 400 and refused.value.code == 50035
    path, errors = fake.refused[-1]
    assert errors == {
        "embeds": {
            "_errors": [
                {
                    "code": "MAX_EMBED_SIZE_EXCEEDED",
                    "message": "Embed size exceeds maximum size of 6000",
                }
            ]
        }
    }
    many = discord.Embed(description="26 fields")
    for n in range(26):
        many.add_field(name=str(n), value="v")
    with pytest.raises(discord.HTTPException):
        await channel.send(embed=many)
    assert fake.refused[-1][1]["embeds"]["0"]["fields"]["_errors"][0]["code"] == (
        "BASE_TYPE_MAX_LENGTH"
    )
    long_value = discord.Embed(description="ok").add_field(name="n", value="z" * 1025)
    with pytest.raises(discord.HTTPException):
        await channel.send(embed=long_value)
    assert fake.refused[-1][1]["embeds"]["0"]["fields"]["0"]["value"]["_errors"][0]["message"] == (
        "Must be 1024 or fewer in length."
    )
    assert fake.channel_messages(CHANNEL) == []  # nothing refused was stored


async def test_help_shows_every_command_in_messages_within_the_limits(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    usages = [c.usage for c in mlpath.dispatcher.commands.commands]
    assert len(usages) > 25  # more than one embed can hold
    ref = await fake.send_interaction("help", {}, user_id=ANA)

    def every_command(texts: list[str]) -> bool:
        return all(any(t.startswith(u) for t in texts) for u in usages)

    messages = await _all_messages(fake, ref, every_command)
    for message in messages:
        _within_limits(message)
        assert message["flags"] & EPHEMERAL
    assert fake.refused == []


async def test_a_long_project_list_is_split_not_refused_nor_cut(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    commands = mlpath.dispatcher.commands
    add, update = commands.named("project add"), commands.named("project update")
    assert add is not None and update is not None
    for n in range(6):
        name = f"Project {n} " + "n" * 80
        args = {
            "name": name,
            "repo": "https://example.org/" + "r" * 270,
            "description": f"description {n} " + "d" * 480,
        }
        assert "Added" in (await mlpath.dispatcher.command(ANA_ACTOR, add, args)).text
        note = {"project": name, "note": f"note {n} " + "e" * 480}
        assert "Noted" in (await mlpath.dispatcher.command(ANA_ACTOR, update, note)).text

    ref = await fake.send_interaction("project list", {}, user_id=ANA)
    wanted = [f"note {n} " + "e" * 480 for n in range(6)]

    def every_project(texts: list[str]) -> bool:
        return all(w in "\n".join(texts) for w in wanted)

    messages = await _all_messages(fake, ref, every_project)
    assert len(messages) > 1  # 6,000 characters do not fit in one message
    for message in messages:
        _within_limits(message)
    shown = "\n".join(_shown(messages))
    for n in range(6):
        assert f"description {n} " + "d" * 480 in shown
        assert "https://example.org/" + "r" * 270 in shown
    assert fake.refused == []


async def test_any_reply_is_posted_whole_within_the_limits(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, bot = fake_and_bot
    words = " ".join(f"w{n}" for n in range(3000))  # ~17,000 characters of description
    reply = Reply(
        words,
        title="T" * 300,
        fields=tuple(Field(f"field {n}", f"value {n} " + "v" * 1500) for n in range(30)),
        buttons=tuple(Button(f"b{n}", "noop", str(n)) for n in range(30)),
        private=False,
    )
    publisher = DiscordPublisher(bot)
    await publisher.post(str(GUILD), str(CHANNEL), reply, key="outbox-key-1")
    posted = fake.channel_messages(CHANNEL)
    assert fake.refused == [] and len(posted) > 1
    for message in posted:
        _within_limits(message)
    embeds = [e for m in posted for e in m.get("embeds", [])]
    descriptions = " ".join(e["description"] for e in embeds if e.get("description"))
    assert descriptions.split() == ["T" * 300, *words.split()]  # the whole title, and all words
    fields = [f for e in embeds for f in e.get("fields", [])]
    for n in range(30):
        parts = [
            f["value"] for f in fields if f["name"] in (f"field {n}", f"field {n} (continued)")
        ]
        assert "".join(parts) == f"value {n} " + "v" * 1500
    buttons = [c for m in posted for row in m.get("components", []) for c in row["components"]]
    assert sorted(b["label"] for b in buttons) == sorted(f"b{n}" for n in range(30))
    nonces = [m.get("nonce") for m in posted]
    assert nonces[0] == "outbox-key-1" and len(set(nonces)) == len(nonces)
