"""``mlpath run slack``: Socket Mode, or HTTP with ``--http --port N``."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.bootstrap import App
from bot.platforms.slack.app import PLATFORM, build_slack_app, warm_up
from bot.platforms.slack.http import slack_web_app

log = logging.getLogger("mlpath.slack")
HTTP_BACKLOG = 1024


async def run_socket_mode(app: App) -> None:
    bolt = build_slack_app(app)
    await warm_up(bolt)
    await app.services.rounds.recover(PLATFORM)
    handler = AsyncSocketModeHandler(bolt, app.settings.secret("slack_app_token"))
    log.info("Slack: connecting in Socket Mode")
    await handler.start_async()  # type: ignore[no-untyped-call]


async def run_http(app: App, port: int, host: str = "0.0.0.0") -> None:
    bolt = build_slack_app(app)
    await warm_up(bolt)
    await app.services.rounds.recover(PLATFORM)
    secret = app.settings.secret("slack_signing_secret")
    runner = web.AppRunner(slack_web_app(bolt, secret))
    await runner.setup()
    # A burst after the daily post opens hundreds of connections at once: a short accept
    # queue would drop SYNs and cost the member a 1 s retransmit before the ack.
    site = web.TCPSite(runner, host, port, backlog=HTTP_BACKLOG)
    await site.start()
    log.info("Slack: listening on http://%s:%d/slack/events", host, port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
