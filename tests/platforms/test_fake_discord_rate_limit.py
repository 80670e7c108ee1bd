"""The fake Discord's optional global rate limit: Discord's 429 shape, and discord.py obeys it."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
from discord.ext import commands

from tests.platforms.fake_discord import FakeDiscord


async def test_over_the_limit_a_request_gets_discords_global_429() -> None:
    async with (
        FakeDiscord(global_rate_limit=3, patch=False) as fake,
        aiohttp.ClientSession(headers={"Authorization": "Bot t"}) as http,
    ):
        statuses = []
        for _ in range(4):
            async with http.get(f"{fake.api_base}/users/@me") as response:
                statuses.append(response.status)
                last = response
                body = await response.json()
        assert statuses == [200, 200, 200, 429]
        assert body["message"] == "You are being rate limited."
        assert body["global"] is True
        assert 0 < body["retry_after"] <= 1
        assert last.headers["X-RateLimit-Global"] == "true"
        assert last.headers["X-RateLimit-Scope"] == "global"
        assert int(last.headers["Retry-After"]) == 1
        assert len(fake.requests) == 3 and len(fake.rate_limited) == 1

        await asyncio.sleep(body["retry_after"])
        async with http.get(f"{fake.api_base}/users/@me") as response:
            assert response.status == 200


async def test_without_the_option_nothing_is_limited() -> None:
    async with (
        FakeDiscord(patch=False) as fake,
        aiohttp.ClientSession(headers={"Authorization": "Bot t"}) as http,
    ):
        for _ in range(100):
            async with http.get(f"{fake.api_base}/users/@me") as response:
                assert response.status == 200
        assert fake.rate_limited == []


async def test_discord_py_waits_out_the_429_and_every_post_arrives_once() -> None:
    async with FakeDiscord(global_rate_limit=5) as fake:
        client = commands.Bot(command_prefix="!", intents=discord.Intents.none())
        await client.login("fake-token")
        try:
            channel = client.get_partial_messageable(222)
            await asyncio.gather(*(channel.send(f"post {i}") for i in range(12)))
        finally:
            await client.close()
        assert fake.rate_limited, "12 posts at once must exceed 5/s"
        contents = sorted(m["content"] for m in fake.channel_messages(222))
        assert contents == sorted(f"post {i}" for i in range(12))
