"""Two real scheduler processes on one Postgres with 200 communities due at the same minute:
every post exactly once.

Each test seeds 200 Discord communities due at one minute, starts a fake Discord (REST) here
and two OS processes (``scheduler_process.py``) that each run the real ``Scheduler`` with the
real ``DiscordPublisher`` against it, released together. Two paths:

* catch-up: the minute is already past when the processes start (``Scheduler.start`` queues
  the posts with ``run_due`` and the delivery tick sends them);
* date trigger: the minute is the next whole minute (at least 12 s away); each process arms
  one ``DateTrigger`` job per community and both fire 200 jobs at that instant.

Then the fake's recorded ``POST /channels/{id}/messages`` must show exactly one daily and one
challenge post per channel, and the outbox must hold 400 rows, all ``sent`` on the first
attempt, each with the message id the fake returned for its nonce.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.db.engine import make_engine
from bot.db.models import Challenge, Community, OutboxMessage
from tests.conftest import _pg_url, drop_postgres, fresh_postgres
from tests.platforms.fake_discord import FakeChannel, FakeDiscord, FakeGuild

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("scheduler_process.py")
WORKERS = ("sched-a", "sched-b")
COMMUNITIES = 200
GUILD0, CHANNEL0 = 1_000_000_000, 2_000_000_000
KINDS = ("daily", "challenge")
MESSAGES = re.compile(r"/channels/(\d+)/messages")
MIN_LEAD = timedelta(seconds=12)  # date trigger: the processes must be armed before the minute


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    name = fresh_postgres(pg_template)
    yield _pg_url(name)
    drop_postgres(name)


def world() -> list[FakeGuild]:
    return [
        FakeGuild(GUILD0 + i, f"guild {i}", owner_id=444, channels=[FakeChannel(CHANNEL0 + i, "s")])
        for i in range(COMMUNITIES)
    ]


async def seed(engine: AsyncEngine, due: datetime) -> None:
    """200 scheduled communities whose day-1 post is due at ``due`` (UTC, whole minute)."""
    async with async_sessionmaker(engine)() as session:
        session.add_all(
            Community(
                platform="discord",
                external_id=str(GUILD0 + i),
                name=f"guild {i}",
                timezone="UTC",
                day_start="00:00",
                post_time=due.strftime("%H:%M"),
                channel_id=str(CHANNEL0 + i),
                roadmap_start=due.date(),
                paused=False,
                created_at=datetime.now(UTC),
            )
            for i in range(COMMUNITIES)
        )
        await session.commit()


@dataclass
class Worker:
    name: str
    proc: asyncio.subprocess.Process
    log: Path

    async def line(self, timeout: float) -> str:
        assert self.proc.stdout is not None
        raw = await asyncio.wait_for(self.proc.stdout.readline(), timeout)
        return raw.decode().strip()

    def tell(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")

    def log_text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


async def launch(name: str, api: str, url: str, tmp_path: Path) -> Worker:
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "MLPATH_FAKE_DISCORD_API": api,
        "MLPATH_TEST_DATABASE_URL": url,
        "MLPATH_TEST_WORKER": name,
        "MLPATH_TEST_SECONDS": "170",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    with log.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(WORKER),
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=err,
        )
    return Worker(name, proc, log)


async def outbox_state(engine: AsyncEngine) -> tuple[int, int]:
    """(rows, rows still pending or sending)."""
    async with engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()
        open_ = (
            await conn.execute(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
            )
        ).scalar_one()
    return int(total), int(open_)


def kind_of(body: dict[str, Any]) -> str:
    title = str(body["embeds"][0].get("title") or "")
    if title.startswith("Day 1 "):
        return "daily"
    if title.startswith("Daily challenge"):
        return "challenge"
    return f"other: {title}"


def logged_counts(logs: list[str], pattern: str) -> int:
    return sum(int(n) for text in logs for n in re.findall(pattern, text))


async def run_two_schedulers(url: str, tmp_path: Path, *, trigger: bool) -> None:
    now = datetime.now(UTC)
    minute = now.replace(second=0, microsecond=0)
    if trigger:
        due = minute + timedelta(minutes=1)
        if due - now < MIN_LEAD:
            due += timedelta(minutes=1)
    else:
        due = minute - timedelta(minutes=1)
    expected_rows = COMMUNITIES * len(KINDS)
    engine = make_engine(url)
    workers: list[Worker] = []
    try:
        await seed(engine, due)
        async with FakeDiscord(world(), patch=False) as fake:
            workers = [await launch(name, fake.api_base, url, tmp_path) for name in WORKERS]
            for w in workers:
                assert await w.line(60) == "ready", w.log_text()
            for w in workers:  # released together: both start() calls race
                w.tell("go")
            for w in workers:
                assert await w.line(60) == "started", w.log_text()
            if trigger:
                assert datetime.now(UTC) < due, "processes were not armed before the minute"

            deadline = max(due, datetime.now(UTC)) + timedelta(seconds=60)
            while True:
                posts = fake.requests_matching("POST", MESSAGES)
                total, open_ = await outbox_state(engine)
                if len(posts) >= expected_rows and total == expected_rows and not open_:
                    break
                assert datetime.now(UTC) < deadline, (
                    f"{len(posts)} posts, {total} rows, {open_} open\n"
                    + "\n".join(w.log_text()[-3000:] for w in workers)
                )
                await asyncio.sleep(0.25)
            done = datetime.now(UTC)
            await asyncio.sleep(2.5)  # a few more delivery ticks: a duplicate would show now

            for w in workers:
                w.tell("stop")
            for w in workers:
                assert await asyncio.wait_for(w.proc.wait(), 30) == 0, w.log_text()[-3000:]
            posts = fake.requests_matching("POST", MESSAGES)
            messages = dict(fake.messages)
            fake_requests = list(fake.requests)
    finally:
        for w in workers:
            if w.proc.returncode is None:
                w.proc.kill()
                await w.proc.wait()

    logs = [w.log_text() for w in workers]
    for name, text in zip(WORKERS, logs, strict=True):
        assert f"{name} stopped cleanly" in text, text[-3000:]
        assert "Traceback" not in text, text[-3000:]
    # Every channel got exactly one daily and one challenge post: no loss, no duplicate.
    per_channel = Counter((int(MESSAGES.fullmatch(r.path)[1]), kind_of(r.body)) for r in posts)  # type: ignore[index]
    wanted = {(CHANNEL0 + i, kind): 1 for i in range(COMMUNITIES) for kind in KINDS}
    assert dict(per_channel) == wanted
    assert len(messages) == expected_rows
    # Besides the posts, only the two logins (user and application) touched the REST API.
    assert Counter(r.method + " " + r.path for r in fake_requests if r not in posts) == {
        "GET /users/@me": 2,
        "GET /oauth2/applications/@me": 2,
    }

    async with engine.connect() as conn:
        rows = (await conn.execute(select(OutboxMessage))).all()
        challenges = (await conn.execute(select(func.count()).select_from(Challenge))).scalar_one()
        externals = dict((await conn.execute(select(Community.id, Community.external_id))).all())
    await engine.dispose()
    assert len(rows) == expected_rows
    assert {(externals[r.community_id], r.kind) for r in rows} == {
        (str(GUILD0 + i), kind) for i in range(COMMUNITIES) for kind in KINDS
    }
    assert {r.status for r in rows} == {"sent"}
    assert {r.attempts for r in rows} == {1}, "a row was claimed twice"
    assert {r.key for r in rows} == {due.date().isoformat()}
    assert challenges == COMMUNITIES
    # Each row's nonce reached the fake once, and the stored message id is that message's.
    by_nonce = {m["nonce"]: m["id"] for m in messages.values()}
    assert {f"mlp{r.id}": r.message_id for r in rows} == by_nonce
    # Both processes delivered a share (SKIP LOCKED let them work side by side).
    shares = Counter(r.claimed_by for r in rows)
    assert set(shares) == set(WORKERS), shares
    start = max(due, min(r.created_at for r in rows))
    print(
        f"{expected_rows} posts delivered {(done - start).total_seconds():.1f}s after due; {shares}"
    )
    # The posts were queued by the path under test, each by exactly one process.
    if trigger:
        assert logged_counts(logs, r"community \d+: (\d+) post\(s\) queued") == expected_rows
        assert all(r.created_at >= due for r in rows)
    else:
        assert logged_counts(logs, r"scheduler started; (\d+) post\(s\) caught up") == expected_rows


async def test_catch_up_two_processes_post_each_of_200_communities_once(
    pg_url: str, tmp_path: Path
) -> None:
    await run_two_schedulers(pg_url, tmp_path, trigger=False)


async def test_date_trigger_two_processes_post_each_of_200_communities_once(
    pg_url: str, tmp_path: Path
) -> None:
    await run_two_schedulers(pg_url, tmp_path, trigger=True)
