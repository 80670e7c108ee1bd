"""Check-in latency through the whole service stack on SQLite, next to raw sqlite3.

    python bench/checkin.py [--members 2000]

Each check-in is one write transaction (enrol, streak rule, history row, XP ledger row).
The reference is the same two inserts and one update done with the stdlib sqlite3 module,
one transaction each, in the same run on the same disk.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.bootstrap import build
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import migrate
from bot.services.actor import Actor


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def mlpath_checkins(path: Path, members: int) -> list[float]:
    url = f"sqlite+aiosqlite:///{path}"
    await migrate.upgrade(url)
    app = build(Settings(database_url=url), clock=ManualClock(datetime(2026, 1, 5, 9, tzinfo=UTC)))
    samples = []
    try:
        for i in range(members):
            actor = Actor("console", "bench", f"m{i}", f"m{i}")
            start = time.perf_counter()
            await app.services.checkin.checkin(actor, "bench note")
            samples.append(time.perf_counter() - start)
    finally:
        await app.aclose()
    return samples


def raw_checkins(path: Path, members: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(
        """
        CREATE TABLE m (id INTEGER PRIMARY KEY, user TEXT UNIQUE, streak INT, xp INT);
        CREATE TABLE c (id INTEGER PRIMARY KEY, m INT, day TEXT, note TEXT, UNIQUE(m, day));
        CREATE TABLE x (id INTEGER PRIMARY KEY, m INT, amount INT, key TEXT, UNIQUE(m, key));
        """
    )
    samples = []
    for i in range(members):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute("INSERT INTO m (user, streak, xp) VALUES (?, 0, 0)", (f"m{i}",))
        member = cur.lastrowid
        conn.execute("INSERT INTO c (m, day, note) VALUES (?, '2026-01-05', 'note')", (member,))
        conn.execute("INSERT INTO x (m, amount, key) VALUES (?, 10, 'checkin:1')", (member,))
        conn.execute("UPDATE m SET streak = 1, xp = 10 WHERE id = ?", (member,))
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def report(name: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(
        f"{name:<22} n={len(ms):>5}  p50={statistics.median(ms):7.3f} ms  "
        f"p99={percentile(ms, 0.99):7.3f} ms  throughput={len(ms) / sum(samples):8.0f}/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ours = asyncio.run(mlpath_checkins(Path(tmp) / "mlpath.db", args.members))
        raw = raw_checkins(Path(tmp) / "raw.db", args.members)
    print("first check-in of each member (one write transaction each), SQLite WAL")
    report("mlpath /checkin", ours)
    report("raw sqlite3 reference", raw)
    print(f"mlpath p50 / raw p50 = {statistics.median(ours) / statistics.median(raw):.1f}x")


if __name__ == "__main__":
    main()
