"""Smoke test: a real discord.py ``commands.Bot`` against the local fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import threading
import warnings
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.gateway import KeepAliveHandler

from tests.platforms.fake_discord import FakeDiscord

GUILD = discord.Object(111)


class SmokeButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"smoke:(?P<n>\d+)"
):
    """Persistent button whose state (n) lives in its custom_id."""

    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label=f"#{n}", custom_id=f"smoke:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SmokeButton:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"pressed {self.n}", ephemeral=True)


class SmokeBot(commands.Bot):
    def __init__(self) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            application_id=999,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.1,  # on_ready 0.1s after the last GUILD_CREATE instead of 2s
        )

    async def setup_hook(self) -> None:
        @app_commands.command(name="ping", description="Replies pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

        self.tree.add_command(ping, guild=GUILD)
        self.add_dynamic_items(SmokeButton)
        await self.tree.sync(guild=GUILD)


@contextlib.asynccontextmanager
async def running_bot() -> AsyncIterator[tuple[FakeDiscord, SmokeBot]]:
    """Fake + started bot; on exit closes both and checks nothing leaked."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with FakeDiscord() as fake:
            bot = SmokeBot()
            runner = asyncio.create_task(bot.start("fake-token"))
            try:
                await fake.wait_ready()
                await asyncio.wait_for(bot.wait_until_ready(), 5)
                yield fake, bot
            finally:
                await bot.close()
                await asyncio.wait_for(runner, 5)  # connect() returns cleanly after close
        gc.collect()

    unclosed = [
        str(w.message)
        for w in caught
        if issubclass(w.category, ResourceWarning) or "nclosed" in str(w.message)
    ]
    assert unclosed == []
    await asyncio.sleep(0)  # let finished callbacks settle
    lingering = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert lingering == []
    for thread in threading.enumerate():
        if isinstance(thread, KeepAliveHandler):
            thread.join(timeout=2)
            assert not thread.is_alive()


async def test_ping_and_dynamic_button() -> None:
    async with running_bot() as (fake, _bot):
        # (1) setup_hook synced /ping to guild 111
        sync = fake.requests_matching("PUT", "/applications/999/guilds/111/commands")
        assert len(sync) == 1
        assert [c["name"] for c in sync[0].body] == ["ping"]
        assert [c["name"] for c in fake.commands(111)] == ["ping"]

        # (2) /ping -> ephemeral "pong"
        ping = await fake.send_interaction("ping")
        callback = await fake.wait_callback(ping.id)
        assert callback["type"] == 4
        assert callback["data"]["flags"] == 64
        assert callback["data"]["content"] == "pong"

        # (3) press the persistent dynamic button
        press = await fake.send_interaction(custom_id="smoke:7")
        callback = await fake.wait_callback(press.id)
        assert callback["type"] == 4
        assert callback["data"]["flags"] == 64
        assert callback["data"]["content"] == "pressed 7"

        # the gateway really used zlib-stream transport compression
        assert fake.gateway_connects[0]["compress"] == "zlib-stream"
    # (4) running_bot's exit closed everything without warnings or lingering tasks


async def test_resume_channel_message_and_unknown_route() -> None:
    async with running_bot() as (fake, bot):
        await fake.request_reconnect()
        await fake.wait_until(lambda: fake.resume_count == 1, what="RESUME")
        assert fake.identify_count == 1

        ping = await fake.send_interaction("ping")
        assert (await fake.wait_callback(ping.id))["data"]["content"] == "pong"
        interaction_payload = fake.interactions[ping.id]
        assert interaction_payload["type"] == 2 and interaction_payload["data"]["guild_id"] == "111"

        # A channel message is stored, and unknown routes answer 404 JSON like Discord.
        channel = bot.get_channel(222)
        assert isinstance(channel, discord.TextChannel) and channel.name == "study"
        sent = await channel.send("hello")
        assert fake.channel_messages(222)[-1]["id"] == str(sent.id)
        with pytest.raises(discord.NotFound) as info:
            await bot.http.request(discord.http.Route("GET", "/no/such/route"))
        assert info.value.code == 0 and info.value.text == "404: Not Found"
        assert fake.requests[-1] == ("GET", "/no/such/route", None)
