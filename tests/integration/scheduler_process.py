"""One scheduler process for tests/integration/test_two_schedulers.py (not a test module).

    MLPATH_FAKE_DISCORD_API=http://127.0.0.1:PORT/api/v10 \\
    MLPATH_TEST_DATABASE_URL=postgresql+asyncpg://... MLPATH_TEST_WORKER=sched-a \\
    python tests/integration/scheduler_process.py

Builds the app with ``bot.bootstrap.build``, logs a discord.py client in over REST only (no
gateway) against the fake Discord, registers the real ``DiscordPublisher`` and runs the real
``Scheduler``. Protocol on stdin/stdout, so two processes start their schedulers together:
prints ``ready`` once built and logged in, starts the scheduler on the line ``go``, prints
``started``, and shuts down cleanly on ``stop`` (or EOF, or after ``MLPATH_TEST_SECONDS``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys

import discord
from discord.ext import commands

from bot.bootstrap import build
from bot.config import Settings
from bot.logs import configure_logging
from bot.platforms.discord.client import DiscordPublisher
from bot.platforms.discord.door import PLATFORM
from bot.scheduling.scheduler import Scheduler

TOKEN = "fake-token"


async def _stdin() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def _await_other_tasks(timeout: float) -> None:
    """Let jobs already running (a delivery tick, a fire) finish before closing the engine."""
    current = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not current]
    if others:
        await asyncio.wait(others, timeout=timeout)


async def main() -> int:
    discord.http.Route.BASE = os.environ["MLPATH_FAKE_DISCORD_API"]
    worker = os.environ["MLPATH_TEST_WORKER"]
    seconds = float(os.environ.get("MLPATH_TEST_SECONDS", "170"))
    app = build(Settings(database_url=os.environ["MLPATH_TEST_DATABASE_URL"]), worker=worker)
    client = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    await client.login(TOKEN)  # GET /users/@me; REST only, the gateway is never opened
    app.publishers.register(PLATFORM, DiscordPublisher(client))
    scheduler = Scheduler(app)
    stdin = await _stdin()
    _say("ready")
    try:
        if (await stdin.readline()).strip() != b"go":
            return 2
        await scheduler.start()
        _say("started")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stdin.readline(), seconds)  # "stop" or EOF
    finally:
        scheduler.shutdown()
        await _await_other_tasks(10)
        await client.close()
        await app.aclose()
    logging.getLogger("mlpath.test").info("%s stopped cleanly", worker)
    return 0


if __name__ == "__main__":
    configure_logging("INFO")  # as ``mlpath run``: apscheduler and discord at WARNING
    sys.exit(asyncio.run(main()))
