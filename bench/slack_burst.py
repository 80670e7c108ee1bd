"""A burst of signed ``/mlpath checkin`` requests against the real ``mlpath run slack --http``.

Shared by ``bench/checkin_burst.py`` (figures) and ``tests/platforms/test_slack_burst.py``
(the contract: every ack inside Slack's 3 s, every check-in stored once, no traceback).
The fake Slack Web API runs in this process; the bot runs in its own, as in production.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.platforms.fake_slack import FakeSlackAPI, SlackRequestSigner

SECRET = "burst-secret"
TEAM = "TBURST"
ACK_GOAL_SECONDS = 1.0
SLACK_ACK_LIMIT_SECONDS = 3.0
ANSWER_TIMEOUT_SECONDS = 120.0


@dataclass
class SlackBurst:
    acks: list[float]  # seconds from sending each request to its HTTP answer
    statuses: list[int]
    answered_after: float  # seconds until the last member had their reply
    answers: list[str]  # the reply texts, one per member
    stored: int  # check-ins in the database afterwards
    log: str  # the bot's stderr
    auth_tests: int  # auth.test calls the bot made

    @property
    def late(self) -> int:
        return sum(a > SLACK_ACK_LIMIT_SECONDS for a in self.acks)

    def lines(self) -> list[str]:
        ms = sorted(a * 1000 for a in self.acks)
        p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
        verdict = "ok" if p99 < ACK_GOAL_SECONDS * 1000 and self.late == 0 else "MISSED"
        return [
            f"ack p50={statistics.median(ms):7.1f} ms  p99={p99:7.1f} ms  max={ms[-1]:7.1f} ms  "
            f"(goal p99 < {ACK_GOAL_SECONDS * 1000:.0f} ms, none over 3 s: {self.late} over): "
            f"{verdict}",
            f"every member answered after {self.answered_after:.2f} s; "
            f"check-ins stored {self.stored} of {len(self.acks)}; "
            f"tracebacks in the log: {self.log.count('Traceback')}, "
            f"'database is locked': {self.log.count('database is locked')}",
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command_body(i: int, fake: FakeSlackAPI) -> str:
    user = f"U{i:05d}"
    return urlencode(
        [
            ("team_id", TEAM),
            ("team_domain", "burst"),
            ("channel_id", "CSTUDY"),
            ("channel_name", "study"),
            ("user_id", user),
            ("user_name", user.lower()),
            ("command", "/mlpath"),
            ("text", "checkin read the daily post"),
            ("api_app_id", "ABURST"),
            ("response_url", fake.response_url(f"burst-{i}")),
            ("trigger_id", f"burst-trigger-{i}-{time.time_ns()}"),
        ]
    )


async def _wait_for_port(port: int, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        if process.returncode is not None:
            raise RuntimeError("mlpath run slack exited before it listened")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("mlpath run slack did not listen within 15 s")


async def _migrate(env: dict[str, str]) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "db", "upgrade", env=env, stdout=asyncio.subprocess.DEVNULL
    )
    if await process.wait() != 0:
        raise RuntimeError("mlpath db upgrade failed")


@dataclass
class SlackProcess:
    """A running ``mlpath run slack --http``; ``log`` is its stderr once it has stopped."""

    endpoint: str
    process: asyncio.subprocess.Process
    log: str = ""


@asynccontextmanager
async def slack_http_process(
    db_url: str, api_url: str, secret: str = SECRET, ops_port: int = 0
) -> AsyncIterator[SlackProcess]:
    """``mlpath db upgrade``, then ``mlpath run slack --http`` on a free loopback port, as its
    own process with the given database, Web API and signing secret; stopped on exit. Its
    ops endpoints are off unless ``ops_port`` is given."""
    env = {
        **os.environ,
        "MLPATH_DATABASE_URL": db_url,
        "MLPATH_SLACK_BOT_TOKEN": "xoxb-test",
        "MLPATH_SLACK_SIGNING_SECRET": secret,
        "MLPATH_SLACK_API_URL": api_url,
        "MLPATH_LOG_LEVEL": "WARNING",
        "MLPATH_OPS_PORT": str(ops_port),
    }
    await _migrate(env)
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "run", "slack", "--http"),
        *("--port", str(port), "--host", "127.0.0.1"),
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    running = SlackProcess(f"http://127.0.0.1:{port}/slack/events", process)
    try:
        await _wait_for_port(port, process)
        yield running
    finally:
        if process.returncode is None:  # the caller may have stopped it already
            process.terminate()
        _, stderr = await process.communicate()
        running.log = stderr.decode(errors="replace")


async def run_slack_burst(
    members: int, url: str, count: Callable[[], Awaitable[int]]
) -> SlackBurst:
    """Start the bot on ``url`` (migrated here), send the burst, wait for every answer."""
    async with FakeSlackAPI(team_id=TEAM) as fake:
        for i in range(members):
            fake.add_user(f"U{i:05d}", tz="Europe/Berlin", real_name=f"Member {i}")
        async with slack_http_process(url, fake.base_url) as bot:
            result = await _fire(fake, bot.endpoint, members)
        acks, statuses, answered_after, answers = result
        return SlackBurst(
            acks,
            statuses,
            answered_after,
            answers,
            await count(),
            bot.log,
            len(fake.calls_to("auth.test")),
        )


async def _fire(
    fake: FakeSlackAPI, endpoint: str, members: int
) -> tuple[list[float], list[int], float, list[str]]:
    signer = SlackRequestSigner(SECRET)
    bodies = [command_body(i, fake) for i in range(members)]
    headers = [
        {"Content-Type": "application/x-www-form-urlencoded", **signer.headers(b)} for b in bodies
    ]
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(body: str, head: dict[str, str]) -> tuple[float, int]:
            start = time.perf_counter()
            async with session.post(endpoint, data=body.encode(), headers=head) as response:
                await response.read()
                return time.perf_counter() - start, response.status

        started = time.perf_counter()
        sent = await asyncio.gather(*(one(b, h) for b, h in zip(bodies, headers, strict=True)))
        await fake.wait_for_response(timeout=ANSWER_TIMEOUT_SECONDS, count=members)
        answered_after = time.perf_counter() - started
    answers = {r.response_id: str(r.body.get("text", "")) for r in fake.responses}
    ordered = [answers.get(f"burst-{i}", "") for i in range(members)]
    return [s for s, _ in sent], [c for _, c in sent], answered_after, ordered


def sqlite_counter(path: Path) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        with sqlite3.connect(path) as conn:
            return int(conn.execute(CREDITED_SQL).fetchone()[0])

    return count


def postgres_counter(url: str) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            return int(await conn.fetchval(CREDITED_SQL))
        finally:
            await conn.close()

    return count


CREDITED_SQL = "SELECT count(*) FROM checkins WHERE kind = 'checkin'"


async def slack_burst(members: int) -> list[str]:
    """The bench's run on SQLite: the figures as printable lines."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "slack-burst.db"
        result = await run_slack_burst(members, f"sqlite+aiosqlite:///{path}", sqlite_counter(path))
    return result.lines()
