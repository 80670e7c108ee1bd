"""Every dashboard page of a community of 10,000 members with a year of history, on SQLite.

    python -m bench.dashboard [--members 10000] [--checkins 400000] [--answers 150000]
                              [--samples 30] [--seed 1] [--db PATH]

The data: ``bench.leaderboard``'s seeding (one console community, a year of skewed check-ins,
practice answers, XP ledgers and counters, bulk-loaded with sqlite3 into a database migrated to
head), then what the dashboard reads besides: each check-in's roadmap day (the group restarts the
roadmap whenever it ends), every member's streak anchor and the instant their streak ends, a
project for a third of the members (idea, building or shipped), and 5,000 audit entries.

What is measured: each page (the organiser's five sections, the member view of the most active
member, the public page) requested ``--samples`` times (after 3 untimed warm-ups) through the
real web door — aiohttp, the dashboard services, a fresh unit of work per request — by a signed-in
moderator, over HTTP on localhost; the time is from the request until the whole body is read.
Then ``EXPLAIN QUERY PLAN`` of every statement the analytics repository sent, with the
parameters it sent.

Target: every page's p99 under 200 ms. The exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event

from bench.leaderboard import COMMUNITY_ID, EXTERNAL_ID, ISO, NOW, PLATFORM, YEAR, percentile, seed
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import load_catalog
from bot.db import migrate
from bot.paths import content_dir
from bot.services.actor import Actor
from bot.web.app import web_application

TARGET_MS = 200.0
WARMUP = 3
PAGES = (
    "organiser/overview",
    "organiser/members",
    "organiser/quiz",
    "organiser/projects",
    "organiser/audit?kind=all&page=3",
    "me",
    "public",
)
LINK = re.compile(r"(/c/\d+/signin/\S+)")


def enrich(path: Path, roadmap_days: int, rng: random.Random) -> None:
    """What the leaderboard's seeding leaves out and the dashboard reads."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute(
            "UPDATE checkins SET roadmap_day = "
            "(CAST(julianday(study_day) - julianday(?) AS INTEGER) % ?) + 1 "
            "WHERE kind = 'checkin'",
            (ISO[0], roadmap_days),
        )
        conn.execute(
            "UPDATE members SET streak_anchor = last_study_day, streak_ends_at = "
            "datetime(last_study_day, '+' || (2 + freezes) || ' days') || '.000000' "
            "WHERE last_study_day IS NOT NULL"
        )
        members = [m for (m,) in conn.execute("SELECT id FROM members")]
        projects = []
        for i, member in enumerate(rng.sample(members, len(members) // 3)):
            day = ISO[rng.randrange(YEAR)]
            status = rng.choice(("idea", "building", "building", "shipped"))
            projects.append(
                (member, f"project {i}", f"project {i}", status, f"{day} 12:00:00.000000")
            )
        conn.executemany(
            "INSERT INTO projects (member_id, name, name_key, repo, description, status, demo, "
            "created_at, updated_at, shipped_at) "
            "VALUES (?, ?, ?, NULL, NULL, ?, NULL, ?, ?5, NULL)",
            projects,
        )
        conn.executemany(
            "INSERT INTO audit_log (community_id, actor_user_id, action, detail, reason, outcome, "
            "at) VALUES (?, 'u1', ?, '{}', NULL, ?, ?)",
            [
                (
                    COMMUNITY_ID,
                    rng.choice(("xp", "stats", "audit", "nudge")),
                    rng.choice(("ok", "ok", "refused")),
                    f"{ISO[rng.randrange(YEAR)]} 10:00:00.000000",
                )
                for _ in range(5000)
            ],
        )
        conn.execute(  # the running topic counts the answers would have kept
            "INSERT INTO member_topics (member_id, topic, answered, correct, recent) "
            "SELECT member_id, topic, count(*), sum(correct), 0 FROM quiz_answers "
            "GROUP BY member_id, topic"
        )
        conn.execute(
            "INSERT INTO dashboard_settings (community_id, public, updated_at) VALUES (?, 1, ?)",
            (COMMUNITY_ID, f"{ISO[-1]} 00:00:00.000000"),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


async def measure(url: str, samples: int) -> tuple[dict[str, list[float]], list[tuple[str, Any]]]:
    catalog = load_catalog(content_dir())
    clock = ManualClock(NOW)
    app = build(Settings(database_url=url), clock=clock, catalog=catalog, wall_clock=clock)
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    times: dict[str, list[float]] = {}
    try:
        actor = Actor(PLATFORM, EXTERNAL_ID, "u1", "member 1")
        reply = await app.dispatcher.text(actor, "/admin dashboard")
        found = LINK.search(reply.text)
        assert found, reply.text
        server = TestServer(web_application(app.services, secure=False))
        async with TestClient(server) as client:
            signed = await client.get(found.group(1), allow_redirects=False)
            assert signed.status == 303, await signed.text()
            for page in PAGES:
                for _ in range(WARMUP):
                    await (await client.get(f"/c/{COMMUNITY_ID}/{page}")).read()
                statements.clear() if page == PAGES[0] else None
                event.listen(app.engine.sync_engine, "before_cursor_execute", record)
                await (await client.get(f"/c/{COMMUNITY_ID}/{page}")).read()
                event.remove(app.engine.sync_engine, "before_cursor_execute", record)
                for _ in range(samples):
                    start = time.perf_counter()
                    response = await client.get(f"/c/{COMMUNITY_ID}/{page}")
                    await response.read()
                    times.setdefault(page, []).append(time.perf_counter() - start)
                    assert response.status == 200, (page, response.status)
    finally:
        await app.aclose()
    return times, statements


def plans(path: Path, statements: Sequence[tuple[str, Any]]) -> None:
    """EXPLAIN QUERY PLAN of the dashboard's own statements (not the session look-ups)."""
    conn = sqlite3.connect(path)
    seen: set[str] = set()
    try:
        for sql, params in statements:
            if sql in seen or not sql.lstrip().upper().startswith("SELECT"):
                continue
            seen.add(sql)
            if "web_sessions" in sql or "FROM communities" in sql[:200]:
                continue
            print("\n" + " ".join(sql.split())[:300])
            for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params):
                print("   ", row[-1])
    finally:
        conn.close()


def run(path: Path, args: argparse.Namespace) -> bool:
    url = f"sqlite+aiosqlite:///{path}"
    if not path.exists():
        asyncio.run(migrate.upgrade(url))
        start = time.perf_counter()
        seed(path, args.members, args.checkins, args.answers, args.seed)
        enrich(path, len(load_catalog(content_dir()).roadmap.days), random.Random(args.seed))
        print(f"seeded in {time.perf_counter() - start:.1f} s")
    conn = sqlite3.connect(path)
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("members", "checkins", "quiz_answers", "xp_events", "projects", "audit_log")
    }
    conn.close()
    print("rows:", ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    times, statements = asyncio.run(measure(url, args.samples))
    ok = True
    print(f"\n{'page':34} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}   (target p99 < {TARGET_MS:g})")
    for page, samples in times.items():
        ms = [s * 1000 for s in samples]
        p99 = percentile(ms, 0.99)
        ok &= p99 < TARGET_MS
        flag = "" if p99 < TARGET_MS else "  MISSED"
        print(f"{page:34} {statistics.median(ms):8.1f} {p99:8.1f} {max(ms):8.1f}{flag}")
    print("\nquery plans of the dashboard's statements:")
    plans(path, statements)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--checkins", type=int, default=400_000)
    parser.add_argument("--answers", type=int, default=150_000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="keep (or reuse) the database at this path")
    args = parser.parse_args()
    if args.db is not None:
        ok = run(args.db, args)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            ok = run(Path(tmp) / "dashboard.db", args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
