"""``mlpath run``: check settings and schema, then run the chosen front doors until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
from collections.abc import AsyncIterator, Coroutine
from typing import TYPE_CHECKING, Any, Literal

from bot.bootstrap import App, build, refuse_unmigrated
from bot.config import Settings, SettingsError
from bot.db.engine import is_sqlite
from bot.db.migrate import NotMigrated
from bot.ops.wiring import Probe, count_rate_limits, ops_server

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.web.server import WebServer

log = logging.getLogger("mlpath")
Target = Literal["discord", "slack", "web", "all"]

REQUIRED = {
    "discord": ("discord_token",),
    "slack-socket": ("slack_bot_token", "slack_signing_secret", "slack_app_token"),
    "slack-http": ("slack_bot_token", "slack_signing_secret"),
}


DATABASE_CHECK_SECONDS = 15.0
_READ_ONLY_WORDS = ("readonly", "read-only", "read only")


class CannotStart(Exception):
    """``mlpath run`` cannot start. The message is one line naming what failed and what to do;
    the cause is shown with ``--debug``."""


class DatabaseUnusable(CannotStart):
    """The database cannot serve mlpath. The message is one line naming what failed and
    what to do; the driver's error is the cause (shown with ``--debug``)."""


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


def shown_url(url: str) -> str:
    """The database URL as given, without its password, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def _reason(exc: BaseException) -> str:
    """The driver's own words, first line only."""
    cause = getattr(exc, "orig", None) or exc
    words = str(cause).strip().splitlines()
    return (words[0] if words else type(cause).__name__)[:200]


@contextlib.asynccontextmanager
async def database_step(url: str) -> AsyncIterator[None]:
    """Turn a database failure at start-up into ``DatabaseUnusable`` with one clear line."""
    where = shown_url(url)
    check = (
        "Check MLPATH_DATABASE_URL and that the file's directory exists."
        if is_sqlite(url)
        else "Check MLPATH_DATABASE_URL and that the database server is running and reachable."
    )
    try:
        async with asyncio.timeout(DATABASE_CHECK_SECONDS):
            yield
    except NotMigrated:
        raise
    except TimeoutError as exc:
        raise DatabaseUnusable(
            f"the database at {where} did not answer within {DATABASE_CHECK_SECONDS:g} s. {check}"
        ) from exc
    except Exception as exc:
        reason = _reason(exc)
        if any(word in reason.lower() for word in _READ_ONLY_WORDS):
            raise DatabaseUnusable(
                f"the database at {where} is read-only ({reason}). mlpath writes to it: give "
                "it write access (the file and its directory, or the database role's rights)."
            ) from exc
        raise DatabaseUnusable(f"cannot use the database at {where} ({reason}). {check}") from exc


async def check_writable(app: App) -> None:
    """One write that changes nothing, rolled back: a read-only database fails here, at
    start-up, not at the first member's check-in."""
    async with database_step(app.settings.database_url), app.uow() as uow:
        await uow.events.check_writable()


def slack_oauth_secrets(settings: Settings, http: bool) -> tuple[str, ...]:
    """Slack for many workspaces: over HTTP (the browser comes back to the redirect), with a
    key to encrypt the tokens, and not also with one workspace's bot token."""
    if not http:
        raise SettingsError(
            "Slack for many workspaces (MLPATH_SLACK_CLIENT_ID) needs `mlpath run slack "
            "--http`: Slack sends the installing browser back to /slack/oauth_redirect"
        )
    if settings.slack_bot_token is not None:
        raise SettingsError(
            "set MLPATH_SLACK_BOT_TOKEN (one workspace) or MLPATH_SLACK_CLIENT_ID and "
            "MLPATH_SLACK_CLIENT_SECRET (many workspaces), not both"
        )
    return ("slack_client_secret", "slack_signing_secret", "secret_key")


def check_secrets(settings: Settings, target: Target, http: bool) -> None:
    """Raise SettingsError naming the first missing secret, before anything connects."""
    needs: list[str] = []
    if target in ("discord", "all"):
        needs += REQUIRED["discord"]
    if target in ("slack", "all") and settings.slack_oauth:
        needs += slack_oauth_secrets(settings, http)
    elif target in ("slack", "all"):
        needs += REQUIRED["slack-http" if http else "slack-socket"]
    for name in needs:
        settings.secret(name)


async def start_web(app: App, connections: dict[str, Probe]) -> WebServer:
    """The dashboard (``mlpath run web``), started before anything connects: a port in use
    is one line."""
    from bot.web.server import WebServer

    settings = app.settings
    server = WebServer(app.services, settings.web_host, settings.web_port, settings.web_base())
    try:
        await server.start()
    except OSError as exc:
        await app.aclose()
        raise CannotStart(
            f"cannot serve the dashboard on {settings.web_host}:{settings.web_port} "
            f"({exc.strerror or exc}). Set MLPATH_WEB_PORT to a free port."
        ) from exc
    connections["web"] = server.alive
    return server


async def serve(
    settings: Settings,
    target: Target,
    *,
    http: bool = False,
    port: int = 3000,
    host: str = "0.0.0.0",
    clock: Clock | None = None,
) -> None:
    from bot.charts import warm_up
    from bot.scheduling.scheduler import Scheduler, worker_name

    check_secrets(settings, target, http)
    async with database_step(settings.database_url):  # reachable, and migrated
        await refuse_unmigrated(settings.database_url)
    app = build(settings, worker=worker_name(), clock=clock)
    try:
        await check_writable(app)
    except BaseException:
        await app.aclose()
        raise
    connections: dict[str, Probe] = {}
    web_server = await start_web(app, connections) if target in ("web", "all") else None
    scheduler = Scheduler(app)
    jobs: list[Coroutine[Any, Any, None]] = []
    bot = None
    if target in ("discord", "all"):
        from bot.platforms.discord.client import MlpathBot

        shards = settings.shards()
        log.info("discord: %s", shards.describe())
        bot = MlpathBot(app, dev_guild=settings.discord_dev_guild, **shards.bot_options())
        connections["discord"] = bot.connected
        count_rate_limits(app.metrics)
        jobs.append(bot.start(settings.secret("discord_token")))
    if target in ("slack", "all"):
        from bot.platforms.slack.run import SlackLink, run_http, run_socket_mode

        link = SlackLink()
        connections["slack"] = link.connected
        jobs.append(run_http(app, port, host, link) if http else run_socket_mode(app, link))
    if target != "web":  # the dashboard alone reads; the bot processes run the schedule
        connections["scheduler"] = scheduler.alive
    ops = None
    if settings.ops_port:
        ops = ops_server(app, settings.ops_host, settings.ops_port, connections)
        try:
            await ops.start()
        except OSError as exc:
            for job in jobs:
                job.close()  # never started
            if web_server is not None:
                await web_server.stop()
            await app.aclose()
            raise CannotStart(
                f"cannot serve the ops endpoints on {settings.ops_host}:{settings.ops_port} "
                f"({exc.strerror or exc}). Set MLPATH_OPS_PORT to a free port, or 0 to turn "
                "them off."
            ) from exc
    tasks = [asyncio.ensure_future(job) for job in jobs]
    # matplotlib's first figure costs ~0.5 s (imports, fonts): pay it now, not on a /profile
    app.background.spawn(warm_up(), name="warm-up-charts")
    # exercises: check the sandbox once at start (a trivial run), not on a member's first try
    app.background.spawn(app.services.exercises.check_sandbox(), name="check-sandbox")
    if web_server is not None:
        tasks.append(asyncio.ensure_future(web_server.until_stopped()))
    if target != "web":
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
        # SIGTERM/SIGINT cancelled the platform tasks: no new interaction comes in. Sends in
        # flight finish (briefly), leased posts never sent are handed back, then close.
        for task in tasks:
            task.cancel()
        await scheduler.stop()
        if bot is not None and not bot.is_closed():
            await bot.close()
        if ops is not None:
            await ops.stop()
        if web_server is not None:
            await web_server.stop()
        await app.aclose()
        log.info("stopped")
