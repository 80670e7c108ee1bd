"""Latency of picking the next practice question on SQLite, next to raw sqlite3.

    python bench/quiz_pick.py [--members 10000] [--questions 1000] [--share 0.1]
                              [--samples 2000] [--seed 1]

What is measured: ``QuizService.pick(uow, member, community, allowed, now)`` through the real
service and a real read-only unit of work (SQLAlchemy + aiosqlite) for randomly chosen members
of one community. Only the pick call is timed; opening the unit of work and loading the member
and community rows are not. ``allowed`` is the whole bank, as for a plain ``/quiz``.

The data: one community, ``--members`` members, a synthetic bank of ``--questions`` valid
questions over 20 topics and roadmap steps 1-7 (roadmap and ladder are the shipped ones), and
``--share`` of all (member, question) pairs carrying an FSRS card (100 random questions per
member by default, i.e. 1,000,000 ``quiz_cards`` rows). A quarter of the members are caught
up (every card due in the future), so pick takes its second path there: load every carded
question id and choose a new question of the community's step. The other members have about a
third of their cards due and are served a due review. The rows are bulk-loaded with the stdlib
sqlite3 module (executemany, one transaction) into a database migrated with Alembic, so the
schema and indexes are exactly the shipped ones. No ANALYZE is run, as in production.

The reference: the same lookups (the member's due cards ordered by due; when none is due, all
the member's carded question ids), using the SQL the repository emits (captured from the
engine), run with the stdlib sqlite3 module on the same file for the same members, in the same
run. The query plan of both statements is printed; the script fails unless both are index
searches of ``quiz_cards`` (no full SCAN) and the due-cards one uses ix_quiz_cards_member_due
without a temporary B-tree for its ORDER BY. Target (the issue): p99 < 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog, Topic, load_catalog
from bot.content.schema import Question
from bot.db import migrate
from bot.domain import srs
from bot.paths import content_dir
from bot.services.members import community_today
from bot.services.quiz import current_step

TARGET_P99_MS = 20.0
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROADMAP_START = date(2026, 1, 31)  # day 31 on NOW: step 3 of the shipped roadmap
TOPICS = 20
PLATFORM, EXTERNAL_ID = "console", "bench"
INDEX = "ix_quiz_cards_member_due"
WARMUP = 200


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def sqlite_datetime(value: datetime) -> str:
    """How SQLAlchemy's SQLite DateTime stores an aware UTC datetime (see bot.db.types)."""
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


# --- content ---------------------------------------------------------------------------------


def synthetic_catalog(questions: int) -> Catalog:
    """The shipped roadmap and ladder with a bank of ``questions`` questions over 20 topics."""
    shipped = load_catalog(content_dir())
    per_topic = -(-questions // TOPICS)
    topics: dict[str, Topic] = {}
    bank: dict[str, Question] = {}
    topic_of: dict[str, str] = {}
    n = 0
    for t in range(TOPICS):
        key = f"bench-topic-{t + 1:02d}"
        items: list[Question] = []
        for i in range(min(per_topic, questions - n)):
            question = Question(
                id=f"{key}-{i + 1:03d}",
                difficulty=1 + n % 3,
                step=1 + t * 7 // TOPICS,
                stem=f"Synthetic benchmark question {n + 1} of topic {t + 1}: which choice?",
                choices=[f"Choice {c} of question {n + 1}" for c in "ABCD"],
                answer=1 + n % 4,
                explanation=(
                    f"Question {n + 1} is synthetic; it exists only to size the bank for the "
                    "quiz pick benchmark."
                ),
            )
            items.append(question)
            bank[question.id] = question
            topic_of[question.id] = key
            n += 1
        topics[key] = Topic(key, f"Benchmark topic {t + 1}", tuple(items))
    return dataclasses.replace(shipped, topics=topics, questions=bank, topic_of=topic_of)


# --- bulk load -------------------------------------------------------------------------------


def card_template() -> str:
    """A reviewed FSRS card as JSON, with %-placeholders for card id, due and last review."""
    card = srs.new_card(0, NOW - timedelta(days=10))
    card = srs.review(card, True, NOW - timedelta(days=10))
    card = srs.review(card, True, NOW - timedelta(days=9))
    data = srs.to_dict(card)
    data.update(card_id="@id@", due="@due@", last_review="@last@")
    text = json.dumps(data).replace("%", "%%")
    return text.replace('"@id@"', "%d").replace('"@due@"', '"%s"').replace('"@last@"', '"%s"')


def card_rows(
    members: int, question_ids: list[str], per_member: int, rng: random.Random
) -> Iterator[tuple[int, str, str, str]]:
    """(member_id, question_id, due, card JSON); a quarter of the members are caught up."""
    template = card_template()
    day = 86_400
    for member_id in range(1, members + 1):
        caught_up = member_id % 4 == 0
        for q in rng.sample(range(len(question_ids)), per_member):
            question_id = question_ids[q]
            low = 3_600 if caught_up else -30 * day
            due = NOW + timedelta(seconds=rng.randint(low, 60 * day))
            last = due - timedelta(seconds=rng.randint(day, 20 * day))
            card_id = zlib.crc32(f"{member_id}:{question_id}".encode())
            card = template % (card_id, due.isoformat(), last.isoformat())
            yield member_id, question_id, sqlite_datetime(due), card


def bulk_load(path: Path, members: int, question_ids: list[str], per_member: int, seed: int) -> int:
    created = sqlite_datetime(NOW - timedelta(days=60))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO communities (id, platform, external_id, name, timezone, day_start, "
            "post_time, channel_id, roadmap_start, paused, created_at) "
            "VALUES (1, ?, ?, 'Bench', 'UTC', '00:00', '09:00', NULL, ?, 0, ?)",
            (PLATFORM, EXTERNAL_ID, ROADMAP_START.isoformat(), created),
        )
        conn.executemany(
            "INSERT INTO members (id, community_id, user_id, name, timezone, platform_timezone, "
            "is_moderator, hidden, xp, streak_current, streak_longest, freezes, last_study_day, "
            "created_at) VALUES (?, 1, ?, ?, NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, ?)",
            ((m, f"u{m}", f"member {m}", created) for m in range(1, members + 1)),
        )
        conn.executemany(
            "INSERT INTO quiz_cards (member_id, question_id, due, card) VALUES (?, ?, ?, ?)",
            card_rows(members, question_ids, per_member, random.Random(seed)),
        )
        conn.execute("COMMIT")
        (count,) = conn.execute("SELECT count(*) FROM quiz_cards").fetchone()
    finally:
        conn.close()
    return int(count)


# --- the service -----------------------------------------------------------------------------


async def capture_sql(app: App, member_user_id: str) -> dict[str, tuple[str, Any]]:
    """The SQL (and bound parameters) QuizRepository.due_cards and .carded send to SQLite."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    async with app.uow(write=False) as uow:
        community = await uow.communities.get(PLATFORM, EXTERNAL_ID)
        assert community is not None
        member = await uow.members.get(community.id, member_user_id)
        assert member is not None
        event.listen(app.engine.sync_engine, "before_cursor_execute", record)
        try:
            await uow.quiz.due_cards(member.id, NOW)
            due_sql = seen[-1]
            await uow.quiz.carded(member.id)
            carded_sql = seen[-1]
        finally:
            event.remove(app.engine.sync_engine, "before_cursor_execute", record)
    return {"due_cards": due_sql, "carded": carded_sql}


async def service_picks(
    app: App, warmup: list[str], user_ids: list[str], allowed: list[str]
) -> tuple[list[float], list[str]]:
    """Time pick for each member (after WARMUP untimed picks); also return what it picked."""
    quiz = app.services.quiz
    samples: list[float] = []
    picked: list[str] = []
    for n, user_id in enumerate([*warmup, *user_ids]):
        async with app.uow(write=False) as uow:
            community = await uow.communities.get(PLATFORM, EXTERNAL_ID)
            assert community is not None
            member = await uow.members.get(community.id, user_id)
            assert member is not None
            now = app.clock.now()
            start = time.perf_counter()
            question_id = await quiz.pick(uow, member, community, allowed, now)
            elapsed = time.perf_counter() - start
        if n >= len(warmup):
            samples.append(elapsed)
            picked.append(question_id)
    return samples, picked


async def mlpath_side(
    url: str, catalog: Catalog, warmup: list[str], user_ids: list[str]
) -> tuple[list[float], list[str], dict[str, tuple[str, Any]], int]:
    app = build(Settings(database_url=url), clock=ManualClock(NOW), catalog=catalog)
    try:
        sql = await capture_sql(app, warmup[0])
        allowed = list(catalog.questions)
        samples, picked = await service_picks(app, warmup, user_ids, allowed)
        async with app.uow(write=False) as uow:
            community = await uow.communities.get(PLATFORM, EXTERNAL_ID)
            assert community is not None
            step = current_step(catalog, community, community_today(community, NOW))
    finally:
        await app.aclose()
    return samples, picked, sql, step


# --- the reference ---------------------------------------------------------------------------


def raw_lookups(
    path: Path, sql: dict[str, tuple[str, Any]], warmup: list[int], member_ids: list[int]
) -> tuple[list[float], list[list[tuple[str, str]]]]:
    """pick's lookups in raw sqlite3: due cards by due; all carded ids when none is due."""
    due_sql, carded_sql = sql["due_cards"][0], sql["carded"][0]
    now = sqlite_datetime(NOW)
    conn = sqlite3.connect(path)
    samples: list[float] = []
    due: list[list[tuple[str, str]]] = []
    try:
        for n, member_id in enumerate([*warmup, *member_ids]):
            start = time.perf_counter()
            rows = conn.execute(due_sql, (member_id, now)).fetchall()
            if not rows:
                conn.execute(carded_sql, (member_id,)).fetchall()
            elapsed = time.perf_counter() - start
            if n >= len(warmup):
                samples.append(elapsed)
                due.append(rows)
    finally:
        conn.close()
    return samples, due


def query_plans(path: Path, sql: dict[str, tuple[str, Any]]) -> list[str]:
    """Print EXPLAIN QUERY PLAN of both statements; return the problems found."""
    problems: list[str] = []
    conn = sqlite3.connect(path)
    try:
        for name, (statement, params) in sql.items():
            rows = conn.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
            details = [str(row[3]) for row in rows]
            print(f"-- QuizRepository.{name}: {' '.join(statement.split())}")
            print(f"   params {params!r}")
            for detail in details:
                print(f"   plan   {detail}")
            cards = [d for d in details if "quiz_cards" in d]
            if not cards or any(d.startswith("SCAN") for d in cards):
                problems.append(f"{name}: full SCAN of quiz_cards")
            elif not any("USING INDEX" in d or "USING COVERING INDEX" in d for d in cards):
                problems.append(f"{name}: quiz_cards is not searched through an index")
            uses = INDEX in " ".join(cards)
            print(f"   uses {INDEX}: {'yes' if uses else 'no'}")
            if name == "due_cards":
                if not uses:
                    problems.append(f"due_cards does not use {INDEX}")
                if any("TEMP B-TREE" in d for d in details):
                    problems.append("due_cards sorts in a temporary B-tree")
    finally:
        conn.close()
    return problems


# --- report ----------------------------------------------------------------------------------


def report(name: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(
        f"{name:<26} n={len(ms):>5}  p50={statistics.median(ms):7.3f} ms  "
        f"p99={percentile(ms, 0.99):7.3f} ms  max={max(ms):7.3f} ms"
    )


def check_agreement(
    catalog: Catalog,
    picked: list[str],
    raw_due: list[list[tuple[str, str]]],
    step: int,
) -> tuple[int, int]:
    """The service saw what sqlite3 saw: the earliest due card, else a new question of the step."""
    assert len(picked) == len(raw_due)
    due_path = new_path = 0
    for question_id, rows in zip(picked, raw_due, strict=True):
        if rows:
            assert question_id == rows[0][0], (question_id, rows[0])
            due_path += 1
        else:
            assert catalog.questions[question_id].step == step, question_id
            new_path += 1
    return due_path, new_path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=1_000)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    per_member = round(args.share * args.questions)
    if not 0 < per_member < args.questions:
        parser.error("--share must leave each member some carded and some new questions")

    catalog = synthetic_catalog(args.questions)
    rng = random.Random(args.seed)
    ids = range(1, args.members + 1)
    warmup = rng.choices(ids, k=WARMUP)
    members = (
        rng.sample(ids, args.samples)
        if args.samples <= len(ids)
        else rng.choices(ids, k=args.samples)
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quiz_pick.db"
        url = f"sqlite+aiosqlite:///{path}"
        start = time.perf_counter()
        asyncio.run(migrate.upgrade(url))
        migrated = time.perf_counter() - start
        start = time.perf_counter()
        cards = bulk_load(path, args.members, list(catalog.questions), per_member, args.seed)
        loaded = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6

        ours, picked, sql, step = asyncio.run(
            mlpath_side(url, catalog, [f"u{m}" for m in warmup], [f"u{m}" for m in members])
        )
        raw, raw_due = raw_lookups(path, sql, warmup, members)
        print(
            f"data: 1 community, {args.members} members, {len(catalog.questions)} questions "
            f"over {len(catalog.topics)} topics, {cards} quiz_cards "
            f"({per_member} per member, share {args.share:g}); community on step {step}"
        )
        print(
            f"load: migrate {migrated:.2f} s, bulk insert {loaded:.1f} s "
            f"({cards / loaded:,.0f} cards/s), file {size_mb:.0f} MB"
        )
        print()
        problems = query_plans(path, sql)

    due_path, new_path = check_agreement(catalog, picked, raw_due, step)
    print()
    print(
        f"QuizService.pick, SQLite WAL, {len(ours)} random members after {WARMUP} warm-up "
        f"picks ({due_path} served a due card, {new_path} a new step-{step} question)"
    )
    report("mlpath QuizService.pick", ours)
    report("raw sqlite3 reference", raw)
    print(f"mlpath p50 / raw p50 = {statistics.median(ours) / statistics.median(raw):.1f}x")
    p99 = percentile([s * 1000 for s in ours], 0.99)
    verdict = "PASS" if p99 < TARGET_P99_MS else "FAIL"
    print(f"target p99 < {TARGET_P99_MS:g} ms: {verdict} (p99 {p99:.3f} ms)")
    plans = "PASS" if not problems else "FAIL: " + "; ".join(problems)
    print(f"query plans use an index, no full scan: {plans}")
    if verdict != "PASS" or problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
