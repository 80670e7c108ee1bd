"""The operations endpoints of a Discord process (issue 14): discord.py's real client against
the fake Discord; the metrics move after a command and after a post, and readiness turns 503
when the gateway goes away."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
import discord

from bot.bootstrap import App
from bot.ops.wiring import count_rate_limits, ops_server
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    CHANNEL,
    OWNER,
    clock,
    mlpath,
    run,
    sleeper,
    start_bot,
    world,
)
from tests.platforms.fake_discord import FakeDiscord


async def scrape(http: aiohttp.ClientSession, base: str) -> str:
    async with http.get(f"{base}/metrics") as response:
        assert response.status == 200
        return await response.text()


async def test_metrics_move_and_readiness_follows_the_gateway(mlpath: App) -> None:
    async with FakeDiscord(world()) as fake:
        bot, task = await start_bot(mlpath)
        await fake.wait_ready()
        count_rate_limits(mlpath.metrics)
        ops = ops_server(mlpath, "127.0.0.1", 0, {"discord": bot.connected})
        await ops.start()
        base = f"http://127.0.0.1:{ops.port}"
        try:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"{base}/readyz") as r:
                    assert r.status == 200, await r.text()
                    assert (await r.json())["checks"] == {"database": True, "discord": True}

                await run(fake, "checkin")
                await run(fake, "leaderboard", {"metric": "nonsense"})
                body = await scrape(http, base)
                assert 'mlpath_commands_total{command="checkin",outcome="ok"} 1.0' in body
                assert 'mlpath_command_seconds_count{command="checkin"} 1.0' in body

                setup = {"channel": CHANNEL, "time": "23:00", "timezone": "UTC"}
                await run(fake, "admin setup", setup, user=OWNER)
                await run(fake, "admin post-now", {"what": "daily"}, user=OWNER)
                assert "mlpath_outbox_pending 1.0" in await scrape(http, base)
                await mlpath.services.delivery.drain()
                body = await scrape(http, base)
                assert 'mlpath_deliveries_total{platform="discord",result="sent"} 1.0' in body
                assert "mlpath_outbox_pending 0.0" in body

                await fake.drop_connection(code=4004)  # authentication failed: no resume
                with contextlib.suppress(discord.LoginFailure, discord.ConnectionClosed):
                    await asyncio.wait_for(task, 5)
                async with http.get(f"{base}/readyz") as r:
                    assert r.status == 503
                    assert (await r.json())["down"] == ["discord"]
        finally:
            await ops.stop()
            await bot.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 5)
