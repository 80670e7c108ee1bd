"""The minute after the daily post: 500 members check in at once.

    python -m bench.checkin_burst [--members 500] [--runs 3] [--skip-postgres] [--skip-slack]
                                  [--skip-history]

1. **Service layer** (SQLite, then Postgres): every member already studied yesterday; all of
   them send ``/checkin`` through the dispatcher (the path every front door takes) at the same
   moment. Printed: throughput, p50/p99 of each member's wait, errors, check-ins stored.
   The reference is **raw sqlite3 doing the same write transactions**: every statement
   mlpath sent to SQLite during the burst (captured with its parameters, transaction by
   transaction) is replayed with the stdlib ``sqlite3`` module on a copy of the same
   database — the same rows, the same indexes, the same commits, without Python's ORM,
   driver thread or event loop. Goal: mlpath ≥ 10 % of that throughput, with 0 errors: the
   median of three runs, each on a fresh database (one run varies by ±30 % on a shared VM).
2. **End to end through Slack**: the real ``mlpath run slack --http`` process, 500 signed
   ``/mlpath checkin`` requests at once over loopback; the fake Slack Web API answers its
   calls. Printed: ack latency p50/p99/max next to the 1 s goal (Slack's limit is 3 s), the
   time until the last member had their answer, check-ins stored, tracebacks in its log.
3. **History size** (``bench/history.py``): a check-in and an answer for members with 0, 100
   and 10,000 answers behind them; flat within 20 %.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from bench.slack_burst import slack_burst
from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import migrate
from bot.services.actor import Actor

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
GOAL_SHARE_OF_RAW = 0.10
CREDITED = text("SELECT count(*) FROM checkins WHERE study_day = :day AND kind = 'checkin'")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Burst:
    label: str
    seconds: float
    waits: list[float]
    errors: int
    stored: int

    @property
    def throughput(self) -> float:
        return len(self.waits) / self.seconds

    def line(self) -> str:
        ms = [w * 1000 for w in self.waits]
        return (
            f"{self.label:<34} {self.throughput:8.0f}/s  p50={statistics.median(ms):8.1f} ms  "
            f"p99={percentile(ms, 0.99):8.1f} ms  errors={self.errors}  stored={self.stored}"
        )


@dataclass
class Capture:
    """Statements an engine sent, grouped into the transactions they ran in."""

    open: dict[int, list[tuple[str, Any]]] = field(default_factory=dict)
    done: list[list[tuple[str, Any]]] = field(default_factory=list)

    def attach(self, app: App) -> Callable[[], None]:
        engine = app.engine.sync_engine

        def on_execute(conn: Any, cursor: Any, sql: str, params: Any, ctx: Any, many: Any) -> None:
            self.open.setdefault(id(conn), []).append((sql, params))

        def on_commit(conn: Any) -> None:
            statements = self.open.pop(id(conn), [])
            if any(s.lstrip().upper().startswith(("INSERT", "UPDATE")) for s, _ in statements):
                self.done.append(statements)

        def on_rollback(conn: Any) -> None:
            self.open.pop(id(conn), None)

        event.listen(engine, "before_cursor_execute", on_execute)
        event.listen(engine, "commit", on_commit)
        event.listen(engine, "rollback", on_rollback)

        def detach() -> None:
            event.remove(engine, "before_cursor_execute", on_execute)
            event.remove(engine, "commit", on_commit)
            event.remove(engine, "rollback", on_rollback)

        return detach


def actor(i: int) -> Actor:
    return Actor("slack", "TBURST", f"U{i:05d}", f"member {i}", channel_id="CSTUDY")


async def prepare(url: str, members: int) -> tuple[App, ManualClock]:
    """Every member checked in yesterday; the clock stands at the next day's post."""
    await migrate.upgrade(url)
    clock = ManualClock(START - timedelta(days=1))
    app = build(Settings(database_url=url), clock=clock)
    for i in range(members):
        await app.dispatcher.text(actor(i), "checkin yesterday")
    clock.set(START)
    return app, clock


async def burst(app: App, members: int, label: str) -> Burst:
    async def one(i: int) -> tuple[float, bool]:
        start = time.perf_counter()
        reply = await app.dispatcher.text(actor(i), "checkin read the daily post")
        ok = reply.text.startswith("Checked in for")
        return time.perf_counter() - start, ok

    started = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(members)))
    seconds = time.perf_counter() - started
    async with app.engine.connect() as conn:
        stored = (await conn.execute(CREDITED, {"day": START.date()})).scalar_one()
    return Burst(label, seconds, [w for w, _ in results], sum(not ok for _, ok in results), stored)


def replay(path: Path, transactions: list[list[tuple[str, Any]]]) -> Burst:
    """The captured write transactions, one after another, with the stdlib sqlite3 module."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("PRAGMA synchronous=NORMAL")
    waits = []
    errors = 0
    started = time.perf_counter()
    for statements in transactions:
        start = time.perf_counter()
        try:
            # mlpath sends its BEGIN IMMEDIATE with a transaction's first statement.
            conn.execute("BEGIN IMMEDIATE")
            for sql, params in statements:
                conn.execute(sql, params or ())
            conn.execute("COMMIT")
        except sqlite3.Error:
            errors += 1
            conn.execute("ROLLBACK")
        waits.append(time.perf_counter() - start)
    seconds = time.perf_counter() - started
    stored = conn.execute(
        "SELECT count(*) FROM checkins WHERE study_day = ? AND kind = 'checkin'",
        (START.date().isoformat(),),
    ).fetchone()[0]
    conn.close()
    return Burst("raw sqlite3, same transactions", seconds, waits, errors, stored)


async def sqlite_burst(tmp: Path, members: int) -> tuple[Burst, Burst, int]:
    path = tmp / "burst.db"
    app, _ = await prepare(f"sqlite+aiosqlite:///{path}", members)
    with sqlite3.connect(path) as source, sqlite3.connect(tmp / "raw.db") as copy:
        source.backup(copy)  # the same rows, WAL included
    capture = Capture()
    detach = capture.attach(app)
    try:
        ours = await burst(app, members, "mlpath, SQLite")
    finally:
        detach()
        await app.aclose()
    statements = sum(len(t) for t in capture.done) // max(len(capture.done), 1)
    return ours, replay(tmp / "raw.db", capture.done), statements


async def postgres_burst(members: int) -> Burst:
    import asyncpg

    name = f"mlpath_burst_{int(time.time())}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
        app, _ = await prepare(url, members)
        try:
            return await burst(app, members, "mlpath, Postgres")
        finally:
            await app.aclose()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="service-layer runs (median)")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-slack", action="store_true")
    parser.add_argument("--skip-history", action="store_true")
    args = parser.parse_args()
    n = args.members
    print(f"== {n} members check in at once, through the service layer ({args.runs} runs)")
    shares = []
    for _ in range(args.runs):  # a shared VM is noisy: each run on a fresh database
        with tempfile.TemporaryDirectory() as tmp:
            ours, raw, statements = asyncio.run(sqlite_burst(Path(tmp), n))
        print(ours.line())
        print(raw.line())
        shares.append((ours.throughput / raw.throughput, ours.errors))
    share = statistics.median(s for s, _ in shares)
    errors = sum(e for _, e in shares)
    verdict = "ok" if share >= GOAL_SHARE_OF_RAW and errors == 0 else "MISSED"
    print(
        f"mlpath / raw sqlite3 throughput = {share:.1%}, the median of "
        f"{', '.join(f'{s:.1%}' for s, _ in shares)} (goal ≥ {GOAL_SHARE_OF_RAW:.0%}, "
        f"0 errors): {verdict}; {statements} statements per write transaction, "
        "plus BEGIN IMMEDIATE (sent with the first) and COMMIT"
    )
    if not args.skip_postgres:
        print(asyncio.run(postgres_burst(n)).line())
    if not args.skip_slack:
        print(f"== {n} signed /mlpath checkin requests at once to `mlpath run slack --http`")
        for line in asyncio.run(slack_burst(n)):
            print(line)
    if not args.skip_history:
        from bench.history import main as history_main

        print("== cost against history size")
        history_main([])


if __name__ == "__main__":
    main()
