"""``mlpath run slack``: Socket Mode, or HTTP with ``--http --port N``."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.bootstrap import App
from bot.platforms.slack.app import PLATFORM, build_slack_app, warm_up
from bot.platforms.slack.http import slack_web_app

log = logging.getLogger("mlpath.slack")
HTTP_BACKLOG = 1024


@dataclass
class SlackLink:
    """Whether this process's Slack connection is up (readiness: ``/readyz``)."""

    handler: AsyncSocketModeHandler | None = None
    listening: bool = False

    async def connected(self) -> bool:
        if self.handler is not None:
            return bool(await self.handler.client.is_connected())
        return self.listening


async def run_socket_mode(app: App, link: SlackLink | None = None) -> None:
    bolt = build_slack_app(app)
    await warm_up(bolt)
    await app.services.rounds.recover(PLATFORM)
    handler = AsyncSocketModeHandler(bolt, app.settings.secret("slack_app_token"))
    if link is not None:
        link.handler = handler
    log.info("Slack: connecting in Socket Mode")
    await handler.start_async()  # type: ignore[no-untyped-call]


async def run_http(
    app: App, port: int, host: str = "0.0.0.0", link: SlackLink | None = None
) -> None:
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
    if link is not None:
        link.listening = True
    log.info("Slack: listening on http://%s:%d/slack/events", host, port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
