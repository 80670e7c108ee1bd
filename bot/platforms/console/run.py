"""Entry points behind ``mlpath shell`` and ``mlpath export``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, TextIO

from bot.bootstrap import App, build, ensure_migrated
from bot.clock import ManualClock
from bot.config import Settings
from bot.domain.errors import BadInput, NotFound
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.console.shell import Shell, interactive, parse_instant


@asynccontextmanager
async def console_app(settings: Settings, clock: ManualClock) -> AsyncIterator[App]:
    await ensure_migrated(settings.database_url)
    app = build(settings, clock=clock, sleeper=ManualSleeper(clock), round_lead_in=timedelta(0))
    try:
        yield app
    finally:
        await app.aclose()


async def run_shell(
    settings: Settings,
    community: str,
    now: str | None,
    tz: str | None,
    stdin: TextIO,
    files: Path | None = None,
) -> int:
    try:
        start = parse_instant(now, tz or "UTC") if now else datetime.now(UTC).replace(microsecond=0)
    except BadInput as exc:
        print(f"mlpath: {exc.message}")
        return 2
    clock = ManualClock(start)
    async with console_app(settings, clock) as app:
        shell = Shell(app, clock, community, print, files)
        try:
            await shell.open(tz)
        except BadInput as exc:
            print(f"mlpath: {exc.message}")
            return 2
        await interactive(shell, stdin, prompt=stdin.isatty())
    return 0


async def export_text(
    settings: Settings, platform: str, community: str, fmt: Literal["json", "csv"]
) -> str | None:
    app = build(settings)
    try:
        return await app.services.export.community(platform, community, fmt)
    except NotFound:
        return None
    finally:
        await app.aclose()
