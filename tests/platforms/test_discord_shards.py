"""Discord sharding (issue 14 item 1): two real ``mlpath run discord`` processes, shards 0 and 1
of 2, against one fake Discord that serves each shard the guilds with
``(guild_id >> 22) % 2 == shard id``, sharing one database (SQLite in WAL, and Postgres).

* A command in each guild is answered by its own shard's process (each process's /metrics
  counts only the commands of its guilds), and each /readyz is 200 with its shard up.
* A button pressed in a DM reaches shard 0 only (as on Discord); shard 0's process still
  answers it for a guild on shard 1 (asked of Discord over REST, not its cache).
* The day's posts of both guilds, queued by catch-up in both processes, go out exactly once
  each: one POST per outbox row, each row sent on its first attempt.
* SIGTERM stops both processes with exit code 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select

from bench.slack_burst import free_port
from bot.bootstrap import App, build
from bot.config import Settings
from bot.db.models import Community, OutboxMessage
from bot.platforms.discord.client import MlpathBot
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    answer,
    clock,
    message_of,
    mlpath,
    sleeper,
    text_of,
)
from tests.platforms.fake_discord import (
    FakeChannel,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeUser,
)

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = Path(__file__).with_name("discord_process.py")
COUNT = 2
GUILDS = {0: (1000 << 22) | 7, 1: (1001 << 22) | 7}  # (guild_id >> 22) % 2: shard 0, shard 1
CHANNELS = {0: 7_000_000_000, 1: 7_000_000_001}
OWNER, ANA, BEN = 444, 501, 502
START_SECONDS = 60.0  # generous: two interpreters start, log in, identify and catch up
POSTS_SECONDS = 60.0
STOP_SECONDS = 10.0
MESSAGES = re.compile(r"/channels/(\d+)/messages")


def world() -> list[FakeGuild]:
    def guild(shard: int) -> FakeGuild:
        people = [FakeUser(OWNER, "owner", "Owner"), FakeUser(ANA, "ana"), FakeUser(BEN, "ben")]
        return FakeGuild(
            GUILDS[shard],
            f"shard {shard} guild",
            owner_id=OWNER,
            channels=[FakeChannel(CHANNELS[shard], "study")],
            members=[FakeMember(user) for user in people],
        )

    return [guild(0), guild(1)]


async def seed(url: str, due: datetime) -> None:
    """One scheduled community per guild whose day-1 posts fell due a minute ago: each
    process's scheduler catches them up at start, so both try to queue and send them."""
    app = build(Settings(database_url=url))
    try:
        async with app.uow() as uow:
            for shard, guild in GUILDS.items():
                uow.session.add(
                    Community(
                        platform="discord",
                        external_id=str(guild),
                        name=f"shard {shard} guild",
                        timezone="UTC",
                        day_start="00:00",
                        post_time=due.strftime("%H:%M"),
                        channel_id=str(CHANNELS[shard]),
                        roadmap_start=due.date(),
                        paused=False,
                        created_at=datetime.now(UTC),
                    )
                )
            await uow.commit()
    finally:
        await app.aclose()


async def outbox(url: str) -> list[tuple[str, OutboxMessage]]:
    """Every outbox row with its community's guild id."""
    app = build(Settings(database_url=url))
    try:
        async with app.uow(write=False) as uow:
            rows = await uow.session.execute(
                select(Community.external_id, OutboxMessage)
                .join(Community, Community.id == OutboxMessage.community_id)
                .order_by(OutboxMessage.id)
            )
            return [(guild, row) for guild, row in rows.all()]
    finally:
        await app.aclose()


@dataclass
class ShardProcess:
    shard: int
    process: asyncio.subprocess.Process
    ops: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextlib.asynccontextmanager
async def shard_processes(
    fake: FakeDiscord, url: str, tmp_path: Path
) -> AsyncIterator[list[ShardProcess]]:
    """``mlpath run discord --shard-count 2 --shard-ids N`` for N = 0 and 1; killed on exit
    if the test did not stop them."""
    running: list[ShardProcess] = []
    try:
        for shard in range(COUNT):
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("MLPATH_")}
            env.update(
                MLPATH_DATABASE_URL=url,
                MLPATH_DISCORD_TOKEN="fake-token",
                MLPATH_OPS_PORT=str(port),
                MLPATH_LOG_LEVEL="INFO",
                MLPATH_FAKE_DISCORD_API=fake.api_base,
                MLPATH_FAKE_DISCORD_GATEWAY=fake.gateway_url,
                PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            )
            log = tmp_path / f"shard-{shard}.log"
            with log.open("wb") as err:
                process = await asyncio.create_subprocess_exec(
                    *(sys.executable, str(LAUNCHER), "run", "discord"),
                    *("--shard-count", str(COUNT), "--shard-ids", str(shard)),
                    cwd=tmp_path,  # no stray .env
                    env=env,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=err,
                )
            running.append(ShardProcess(shard, process, f"http://127.0.0.1:{port}", log))
        yield running
    finally:
        for p in running:
            if p.process.returncode is None:
                p.process.kill()
                await p.process.wait()


def logs(processes: list[ShardProcess]) -> str:
    return "\n".join(f"--- shard {p.shard}:\n{p.log_text()[-4000:]}" for p in processes)


async def eventually(
    check: Callable[[], Any], processes: list[ShardProcess], timeout: float, what: str
) -> Any:
    """Poll ``check`` (sync or async) until it returns something truthy; fail with the logs
    when ``timeout`` passes or a process exits."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        exited = [p.shard for p in processes if p.process.returncode is not None]
        now = asyncio.get_running_loop().time()
        assert not exited and now < deadline, f"waiting for {what}\n{logs(processes)}"
        await asyncio.sleep(0.1)


async def ready(http: aiohttp.ClientSession, p: ShardProcess) -> dict[str, Any] | None:
    with contextlib.suppress(aiohttp.ClientError):
        async with http.get(f"{p.ops}/readyz") as response:
            if response.status == 200:
                body: dict[str, Any] = await response.json()
                return body
    return None


async def commands_ok(http: aiohttp.ClientSession, p: ShardProcess, name: str) -> float:
    async with http.get(f"{p.ops}/metrics") as response:
        text = await response.text()
    line = re.search(rf'^mlpath_commands_total{{command="{name}",outcome="ok"}} (\S+)$', text, re.M)
    return float(line[1]) if line else 0.0


async def counts(http: aiohttp.ClientSession, procs: list[ShardProcess], name: str) -> list[float]:
    return [await commands_ok(http, p, name) for p in procs]


async def counts_are(
    http: aiohttp.ClientSession, procs: list[ShardProcess], name: str, wanted: list[float]
) -> bool:
    return await counts(http, procs, name) == wanted


async def test_without_flags_discord_says_how_many_shards_and_one_process_runs_all(
    mlpath: App,
) -> None:
    """No --shard-count: discord.py's AutoShardedBot asks ``GET /gateway/bot`` (2 here) and
    connects both shards; ready means both are up, and both guilds are answered."""
    async with FakeDiscord(world(), shards=COUNT) as fake:
        bot = MlpathBot(mlpath, guild_ready_timeout=0.1)

        async def at_once(shard: Any, initial: bool) -> None:
            pass  # discord.py waits 5 s before each further IDENTIFY (Discord's identify rate)

        bot.before_identify_hook = at_once  # type: ignore[method-assign]
        task = asyncio.create_task(bot.start("fake-token"))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            assert fake.requests_matching("GET", re.compile("/gateway/bot"))
            assert fake.connected_shards() == {(0, COUNT), (1, COUNT)}
            assert await bot.connected()
            assert {g.id for g in bot.guilds} == set(GUILDS.values())
            for guild in GUILDS.values():
                ref = await fake.send_interaction("checkin", {}, user_id=ANA, guild_id=guild)
                assert "Checked in for" in text_of(message_of(await answer(fake, ref)))

            shard = bot.get_shard(1)
            assert shard is not None
            await shard.disconnect()  # one shard of the two is down: the process is not ready
            assert not await bot.connected()
            await shard.connect()
            await eventually(bot.connected, [], 10, "shard 1 back")
        finally:
            await bot.close()
            await asyncio.wait_for(task, 5)
        assert not await bot.connected()


async def test_two_shard_processes_answer_their_own_guilds_and_post_once(
    db_url: str, tmp_path: Path
) -> None:
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    await seed(db_url, due)
    async with (
        FakeDiscord(world(), shards=COUNT, patch=False) as fake,
        shard_processes(fake, db_url, tmp_path) as procs,
        aiohttp.ClientSession() as http,
    ):
        both = {(shard, COUNT) for shard in range(COUNT)}
        await eventually(lambda: fake.connected_shards() == both, procs, START_SECONDS, "shards")
        for p in procs:
            body = await eventually(lambda p=p: ready(http, p), procs, START_SECONDS, "/readyz")
            assert body["checks"]["discord"] is True

        # A command in each guild: answered, and counted by its own shard's process only.
        for shard, guild in GUILDS.items():
            ref = await fake.send_interaction("checkin", {}, user_id=ANA, guild_id=guild)
            assert "Checked in for" in text_of(message_of(await answer(fake, ref, timeout=30)))
            wanted = [1.0 if s <= shard else 0.0 for s in range(COUNT)]
            await eventually(
                lambda w=wanted: counts_are(http, procs, "checkin", w), procs, 10, "metrics"
            )

        # A DM reaches shard 0 only; its button names a guild of shard 1.
        custom_id = f"mlpath@{GUILDS[1]}:checkin:"
        ref = await fake.send_interaction(custom_id=custom_id, user_id=BEN, dm=True)
        pressed = text_of(message_of(await answer(fake, ref, timeout=30)))
        assert "Checked in for" in pressed, pressed
        assert await counts(http, procs, "button:checkin") == [1.0, 0.0]

        # The day's posts of both guilds: every row sent, by whichever process claimed it.
        async def all_sent() -> bool:
            rows = await outbox(db_url)
            guilds = {guild for guild, _ in rows}
            return guilds == {str(g) for g in GUILDS.values()} and all(
                row.status == "sent" for _, row in rows
            )

        await eventually(all_sent, procs, POSTS_SECONDS, "the day's posts")

        for p in procs:
            p.process.send_signal(signal.SIGTERM)
        for p in procs:
            code = await asyncio.wait_for(p.process.wait(), STOP_SECONDS)
            assert code == 0, logs(procs)
        posts = fake.requests_matching("POST", MESSAGES)
        # the channels' messages the bot posted over REST (not interaction replies)
        messages = [m for m in fake.messages.values() if "nonce" in m]

    for p in procs:
        assert "Traceback" not in p.log_text(), logs(procs)
    rows = await outbox(db_url)
    for shard, guild in GUILDS.items():
        kinds = {row.kind for g, row in rows if g == str(guild)}
        assert "daily" in kinds, (shard, kinds)
    assert {row.status for _, row in rows} == {"sent"}
    assert {row.attempts for _, row in rows} == {1}, "a post was claimed twice"
    # Exactly once: one POST per row, to its guild's channel, and one message per nonce.
    per_channel = Counter(int(MESSAGES.fullmatch(r.path)[1]) for r in posts)  # type: ignore[index]
    assert per_channel == Counter(
        {CHANNELS[s]: sum(g == str(GUILDS[s]) for g, _ in rows) for s in GUILDS}
    )
    by_nonce = {m["nonce"]: m["id"] for m in messages}
    assert len(by_nonce) == len(messages) == len(rows)
    assert {f"mlp{row.id}": row.message_id for _, row in rows} == by_nonce
