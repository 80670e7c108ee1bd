"""Shared Discord test support: the fake Discord world, the bot on a manual clock, helpers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.discord.client import MlpathBot
from tests.platforms.fake_discord import (
    FakeDiscord,
    FakeMember,
    FakeUser,
    InteractionRef,
    default_guild,
)

GUILD = 111
CHANNEL = 222
OWNER = 444
ANA = 501
BEN = 502
CY = 503
MENTIONER = 504  # a member whose display name is "@everyone"
EPHEMERAL = 64
DEFERRED = 5  # callback type: the answer follows up
REPLY_TIMEOUT = 10.0  # generous: the bound a test asserts is its own (Discord's 3 s: the burst)
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def world() -> list[Any]:
    guild = default_guild()
    guild.members.append(FakeMember(FakeUser(ANA, "ana", "Ana")))
    guild.members.append(FakeMember(FakeUser(BEN, "ben", "Ben")))
    guild.members.append(FakeMember(FakeUser(CY, "cy", "Cy")))
    guild.members.append(FakeMember(FakeUser(MENTIONER, "pinger", "@everyone")))
    return [guild]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def sleeper(clock: ManualClock) -> ManualSleeper:
    return ManualSleeper(clock)


def _build(database_url: str, catalog: Catalog, clock: ManualClock, sleeper: ManualSleeper) -> App:
    # Rounds wait on the manual clock: the test moves time, nothing really sleeps.
    return build(
        Settings(database_url=database_url),
        clock=clock,
        catalog=catalog,
        sleeper=sleeper,
        round_lead_in=timedelta(0),
    )


@pytest.fixture
async def mlpath(
    tmp_path: Path,
    sqlite_template: Path,
    catalog: Catalog,
    clock: ManualClock,
    sleeper: ManualSleeper,
) -> AsyncIterator[App]:
    db = tmp_path / "discord.db"
    db.write_bytes(sqlite_template.read_bytes())
    app = _build(f"sqlite+aiosqlite:///{db}", catalog, clock, sleeper)
    yield app
    await app.aclose()


@pytest.fixture
async def mlpath_every_db(
    db_url: str, catalog: Catalog, clock: ManualClock, sleeper: ManualSleeper
) -> AsyncIterator[App]:
    """The app of ``mlpath``, once on SQLite and once on Postgres (``db_url`` is both)."""
    app = _build(db_url, catalog, clock, sleeper)
    yield app
    await app.aclose()


async def start_bot(app: App) -> tuple[MlpathBot, asyncio.Task[None]]:
    bot = MlpathBot(app, dev_guild=GUILD, application_id=999, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start("fake-token"))
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    return bot, task


async def stop_bot(bot: MlpathBot, task: asyncio.Task[None]) -> None:
    await bot.close()
    await asyncio.wait_for(task, 5)


@pytest.fixture
async def fake_and_bot(mlpath: App) -> AsyncIterator[tuple[FakeDiscord, MlpathBot]]:
    async with FakeDiscord(world()) as fake:
        bot, task = await start_bot(mlpath)
        await fake.wait_ready()
        yield fake, bot
        await stop_bot(bot, task)


async def answer(
    fake: FakeDiscord, ref: InteractionRef, timeout: float = REPLY_TIMEOUT
) -> dict[str, Any]:
    """The answer a member sees, as a callback body ``{"type": 4, "data": ...}``: the inline
    reply, or after a deferral the follow-up that completes it. Like Discord, the first
    follow-up after a deferral completes the deferred (loading) message and keeps the
    deferral's privacy; once that message was edited, a follow-up is a new message of its own."""
    callback = await fake.wait_callback(ref.id, timeout=timeout)
    body: dict[str, Any] = callback.get("payload_json", callback)
    if body["type"] != DEFERRED:
        return body
    first = (await fake.wait_followups(ref.token, timeout=timeout))[0]
    hook = f"/webhooks/{fake.application_id}/{ref.token}"
    calls = [r.method for r in fake.requests if r.path.startswith(hook)]
    if "PATCH" in calls[: calls.index("POST")]:
        return {"type": 4, "data": first}  # the deferral was completed: a new message
    deferred_flags = int((body.get("data") or {}).get("flags") or 0)
    flags = (int(first.get("flags") or 0) & ~EPHEMERAL) | (deferred_flags & EPHEMERAL)
    return {"type": 4, "data": {**first, "flags": flags}}


def message_of(callback: dict[str, Any]) -> dict[str, Any]:
    body = callback.get("payload_json", callback)
    assert body["type"] == 4, body
    data: dict[str, Any] = body["data"]
    assert data["flags"] & EPHEMERAL, "personal replies are ephemeral"
    assert data["allowed_mentions"] == {"parse": []}, "the bot never pings"
    return data


def public_of(callback: dict[str, Any]) -> dict[str, Any]:
    body = callback.get("payload_json", callback)
    assert body["type"] == 4, body
    data: dict[str, Any] = body["data"]
    assert not data.get("flags", 0) & EPHEMERAL, "the whole channel sees this"
    assert data["allowed_mentions"] == {"parse": []}, "the bot never pings"
    return data


def text_of(data: dict[str, Any]) -> str:
    embed = data["embeds"][0]
    fields = " ".join(f"{f['name']}: {f['value']}" for f in embed.get("fields", []))
    return f"{embed.get('title') or ''} {embed['description']} {fields}"


def buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in data.get("components", []) for c in row["components"]]


def field(data: dict[str, Any], name: str) -> str:
    """The value of an embed's field ``name``."""
    (value,) = [f["value"] for f in data["embeds"][0].get("fields", []) if f["name"] == name]
    return value  # type: ignore[no-any-return]


async def run(
    fake: FakeDiscord, command: str, options: dict[str, Any] | None = None, user: int = ANA
) -> dict[str, Any]:
    """``/command options`` as ``user``; the message it answered with."""
    ref = await fake.send_interaction(command, options or {}, user_id=user)
    return message_of(await answer(fake, ref))
