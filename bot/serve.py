"""``mlpath run``: check settings and schema, then run the chosen front doors until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from typing import Any, Literal

from bot.bootstrap import build, refuse_unmigrated
from bot.config import Settings

log = logging.getLogger("mlpath")
Target = Literal["discord", "slack", "all"]

REQUIRED = {
    "discord": ("discord_token",),
    "slack-socket": ("slack_bot_token", "slack_signing_secret", "slack_app_token"),
    "slack-http": ("slack_bot_token", "slack_signing_secret"),
}


def check_secrets(settings: Settings, target: Target, http: bool) -> None:
    """Raise SettingsError naming the first missing secret, before anything connects."""
    needs: list[str] = []
    if target in ("discord", "all"):
        needs += REQUIRED["discord"]
    if target in ("slack", "all"):
        needs += REQUIRED["slack-http" if http else "slack-socket"]
    for name in needs:
        settings.secret(name)


async def serve(
    settings: Settings,
    target: Target,
    *,
    http: bool = False,
    port: int = 3000,
    host: str = "0.0.0.0",
) -> None:
    from bot.charts import warm_up
    from bot.scheduling.scheduler import Scheduler, worker_name

    check_secrets(settings, target, http)
    await refuse_unmigrated(settings.database_url)
    app = build(settings, worker=worker_name())
    scheduler = Scheduler(app)
    jobs: list[Coroutine[Any, Any, None]] = []
    bot = None
    if target in ("discord", "all"):
        from bot.platforms.discord.client import MlpathBot

        bot = MlpathBot(app, dev_guild=settings.discord_dev_guild)
        jobs.append(bot.start(settings.secret("discord_token")))
    if target in ("slack", "all"):
        from bot.platforms.slack.run import run_http, run_socket_mode

        jobs.append(run_http(app, port, host) if http else run_socket_mode(app))
    tasks = [asyncio.ensure_future(job) for job in jobs]
    # matplotlib's first figure costs ~0.5 s (imports, fonts): pay it now, not on a /profile
    app.background.spawn(warm_up(), name="warm-up-charts")
    await scheduler.start()  # once per process, never from a gateway's on_ready
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, lambda: [t.cancel() for t in tasks])
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        log.info("stopping")
    finally:
        scheduler.shutdown()
        for task in tasks:
            task.cancel()
        if bot is not None and not bot.is_closed():
            await bot.close()
        await app.aclose()
