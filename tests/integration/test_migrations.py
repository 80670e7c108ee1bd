"""Models and migrations agree, and upgrade → downgrade → upgrade works, on SQLite and Postgres."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.models import Base
from tests.conftest import _pg_url, drop_postgres, fresh_postgres


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    else:
        name = fresh_postgres()
        yield _pg_url(name)
        drop_postgres(name)


async def _run(url: str, fn: object) -> object:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


async def test_models_and_migrations_agree(empty_db: str) -> None:
    await migrate.upgrade(empty_db)
    assert await _run(empty_db, _diff) == []


async def test_upgrade_downgrade_upgrade(empty_db: str) -> None:
    head = migrate.head_revision(empty_db)
    await migrate.upgrade(empty_db)
    assert await migrate.current(empty_db) == head
    tables = await _run(empty_db, _tables)
    assert {"communities", "members", "checkins", "xp_events", "audit_log", "outbox"} <= tables
    await migrate.downgrade(empty_db, "base")
    assert await migrate.current(empty_db) is None
    assert await _run(empty_db, _tables) == {"alembic_version"}
    await migrate.upgrade(empty_db)
    assert await migrate.current(empty_db) == head


async def test_an_unmigrated_database_is_refused_with_the_fix(empty_db: str) -> None:
    with pytest.raises(migrate.NotMigrated, match="mlpath db upgrade"):
        await migrate.require_head(empty_db)
    await migrate.upgrade(empty_db)
    await migrate.require_head(empty_db)


async def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as conn:
            pragmas = {
                name: (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
    finally:
        await engine.dispose()
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 10000, "foreign_keys": 1}


def test_migrations_run_from_a_sync_caller(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 's.db'}"
    asyncio.run(migrate.upgrade(url))
    assert asyncio.run(migrate.current(url)) == migrate.head_revision(url)


async def test_a_downgrade_keeps_the_history_and_the_upgrade_rebuilds_the_counters(
    empty_db: str,
) -> None:
    """SQLite rebuilds a table to drop a column; with foreign keys on, that would cascade."""
    from datetime import UTC, datetime

    from bot.bootstrap import build
    from bot.clock import ManualClock
    from bot.config import Settings
    from tests.helpers import console_actor

    await migrate.upgrade(empty_db)
    clock = ManualClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    app = build(Settings(database_url=empty_db), clock=clock)
    try:
        for _ in range(3):
            await app.dispatcher.text(console_actor("ana"), "/checkin")
            clock.advance(timedelta(days=1))
    finally:
        await app.aclose()

    def counts(conn: Connection) -> tuple[int, ...]:
        tables = ("members", "checkins", "xp_events")
        return tuple(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in tables)

    def periods(conn: Connection) -> list[tuple[str, int, int]]:
        rows = conn.exec_driver_sql("SELECT period, xp, days FROM member_periods ORDER BY period")
        return [(p, int(x), int(d)) for p, x, d in rows]

    before, counters = await _run(empty_db, counts), await _run(empty_db, periods)
    assert before == (1, 3, 3)
    await migrate.downgrade(empty_db, "0004")
    assert await _run(empty_db, counts) == before
    await migrate.upgrade(empty_db)
    assert (
        await _run(empty_db, periods)
        == counters
        == [
            ("all", 30, 3),
            ("m2026-03", 30, 3),
            ("w2026-03-02", 30, 3),
        ]
    )


def _old_mastered_topics(history: list[tuple[str, bool]]) -> list[str]:
    """The history-based rule as it was before 0006, kept here as the reference: per topic,
    ≥ 10 correct answers and ≥ 8 of the last 10 right (answers newest first)."""
    by_topic: dict[str, list[bool]] = {}
    for topic, correct in history:
        by_topic.setdefault(topic, []).append(correct)
    return sorted(
        topic
        for topic, answers in by_topic.items()
        if sum(answers) >= 10 and len(answers[:10]) == 10 and sum(answers[:10]) >= 8
    )


def _seed_history_at_0005(conn: Connection) -> dict[str, list[tuple[str, bool]]]:
    """Members with answer histories (ties in time included), projects and practice XP, in
    the schema of 0005; returns each member's (topic, correct) newest first."""
    import random
    from datetime import UTC, date, datetime

    import sqlalchemy as sa

    from bot.db.types import UTCDateTime

    def table(name: str, *columns: sa.ColumnClause[object]) -> sa.TableClause:
        return sa.table(name, *columns)

    t0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
    communities = table(
        "communities",
        *(sa.column(c) for c in ("id", "platform", "external_id", "timezone", "day_start")),
        *(sa.column(c) for c in ("post_time", "paused")),
        sa.column("created_at", UTCDateTime()),
    )
    conn.execute(
        communities.insert(),
        [
            {
                "id": 1,
                "platform": "console",
                "external_id": "old",
                "timezone": "UTC",
                "day_start": "00:00",
                "post_time": "09:00",
                "paused": False,
                "created_at": t0,
            }
        ],
    )
    names = ("ana", "ben", "cy", "dan")
    members = table(
        "members",
        *(sa.column(c) for c in ("id", "community_id", "user_id", "name", "is_moderator")),
        *(sa.column(c) for c in ("hidden", "xp", "streak_current", "streak_longest", "freezes")),
        sa.column("created_at", UTCDateTime()),
    )
    conn.execute(
        members.insert(),
        [
            {
                "id": n,
                "community_id": 1,
                "user_id": name,
                "name": name,
                "is_moderator": False,
                "hidden": False,
                "xp": 0,
                "streak_current": 0,
                "streak_longest": 0,
                "freezes": 0,
                "created_at": t0,
            }
            for n, name in enumerate(names, 1)
        ],
    )
    rng = random.Random(6)
    topics = ("numpy", "pandas", "statistics", "python")
    skill = {1: 0.95, 2: 0.8, 3: 0.5, 4: 0.0}  # dan has answered nothing
    rows = []
    for member_id, p in skill.items():
        if not p:
            continue
        at = t0
        for n in range(rng.randint(120, 260)):
            if rng.random() < 0.7:  # some answers share a timestamp: the id decides
                at += timedelta(seconds=rng.randint(1, 90_000))
            rows.append(
                {
                    "member_id": member_id,
                    "question_id": f"q{n}",
                    "topic": rng.choice(topics),
                    "mode": "practice",
                    "choice": 1,
                    "correct": rng.random() < p,
                    "study_day": at.date(),
                    "source_key": f"seed:{n}",
                    "at": at,
                }
            )
    rng.shuffle(rows)  # ids out of time order too
    answers = table(
        "quiz_answers",
        *(sa.column(c) for c in ("member_id", "question_id", "topic", "mode", "choice")),
        *(sa.column(c) for c in ("correct", "study_day", "source_key")),
        sa.column("at", UTCDateTime()),
    )
    conn.execute(answers.insert(), rows)
    projects = table(
        "projects",
        *(sa.column(c) for c in ("member_id", "name", "name_key", "status")),
        sa.column("created_at", UTCDateTime()),
        sa.column("updated_at", UTCDateTime()),
    )
    conn.execute(
        projects.insert(),
        [
            {
                "member_id": m,
                "name": f"p{i}",
                "name_key": f"p{i}",
                "status": status,
                "created_at": t0,
                "updated_at": t0,
            }
            for i, (m, status) in enumerate(
                [(1, "shipped"), (1, "shipped"), (1, "idea"), (2, "building"), (3, "shipped")]
            )
        ],
    )
    xp = table(
        "xp_events",
        *(sa.column(c) for c in ("member_id", "amount", "reason", "source_key", "study_day")),
        sa.column("at", UTCDateTime()),
    )
    conn.execute(
        xp.insert(),
        [
            {
                "member_id": m,
                "amount": amount,
                "reason": "practice",
                "source_key": f"practice:{day.isoformat()}:{i}",
                "study_day": day,
                "at": t0,
            }
            for i, (m, day, amount) in enumerate(
                [
                    (1, date(2026, 1, 5), 5),
                    (1, date(2026, 1, 6), 5),
                    (1, date(2026, 1, 6), 5),
                    (2, date(2026, 1, 5), 5),
                ]
            )
        ],
    )
    conn.commit()
    # Newest first, as the history was read: by time, then by id (the insertion order).
    newest_first = sorted(enumerate(rows), key=lambda ir: (ir[1]["at"], ir[0]), reverse=True)
    history: dict[str, list[tuple[str, bool]]] = {name: [] for name in names}
    for _, r in newest_first:
        history[names[r["member_id"] - 1]].append((r["topic"], r["correct"]))
    return history


async def test_the_evidence_counters_are_backfilled_exactly(empty_db: str) -> None:
    """A database with history at 0005, upgraded: the topic tallies and the member counters
    give what the history-based rule gave, and the app reads the same evidence from them."""
    from bot.bootstrap import build
    from bot.config import Settings
    from bot.domain.quiz import mastered_topics, tallies
    from bot.services.progress import Progression
    from tests.helpers import console_actor

    await migrate.upgrade(empty_db, "0005")
    history = await _run(empty_db, _seed_history_at_0005)
    assert isinstance(history, dict)
    await migrate.upgrade(empty_db)

    def stored(
        conn: Connection,
    ) -> tuple[dict[str, tuple[object, ...]], dict[tuple[str, str], tuple[int, int, int]]]:
        members = {
            row[0]: tuple(row[1:])
            for row in conn.exec_driver_sql(
                "SELECT user_id, correct_answers, mastered_topics, shipped_projects, "
                "practice_day, practice_xp, milestones_digest FROM members"
            )
        }
        topics = {
            (u, t): (int(a), int(c), int(r))
            for u, t, a, c, r in conn.exec_driver_sql(
                "SELECT m.user_id, t.topic, t.answered, t.correct, t.recent "
                "FROM member_topics t JOIN members m ON m.id = t.member_id"
            )
        }
        return members, topics

    members, topics = await _run(empty_db, stored)  # type: ignore[misc]
    shipped = {"ana": 2, "ben": 0, "cy": 1, "dan": 0}
    practice = {"ana": ("2026-01-06", 10), "ben": ("2026-01-05", 5)}
    some_mastered = False
    for user, answers in history.items():
        old = _old_mastered_topics(answers)
        some_mastered |= bool(old)
        expected_tallies = tallies(answers)
        assert {t: topics[(u, t)] for u, t in topics if u == user} == {
            t: (c.answered, c.correct, c.recent) for t, c in expected_tallies.items()
        }
        assert mastered_topics(expected_tallies) == old, user
        correct, mastered, ships, day, xp, digest = members[user]
        assert (correct, mastered, ships) == (sum(c for _, c in answers), len(old), shipped[user])
        assert (str(day) if day else None, xp) == practice.get(user, (None, 0))
        assert digest is None  # the next review is a full one
    assert some_mastered and len([u for u in history if _old_mastered_topics(history[u])]) < 4

    app = build(Settings(database_url=empty_db))
    try:
        for user, answers in history.items():
            async with app.uow(write=False) as uow:
                community = await uow.communities.get("console", "old")
                assert community is not None
                member = await uow.members.get(community.id, user)
                assert member is not None
                evidence = await Progression(app.catalog).evidence(uow, member)
            assert list(evidence.mastered) == _old_mastered_topics(answers)
            assert evidence.correct_answers == sum(c for _, c in answers)
            reply = await app.services.quiz.topics(console_actor(user, "old"))
            assert reply.text.startswith(f"{len(_old_mastered_topics(answers))} of ")
    finally:
        await app.aclose()


def _seed_answers_at_0006(conn: Connection) -> None:
    """A community with a visible and a hidden member, right and wrong answers in two topics
    across a week and a month boundary, and one plain counter, in the schema of 0006."""
    from datetime import UTC, date, datetime

    import sqlalchemy as sa

    from bot.db.types import UTCDateTime

    t0 = datetime(2026, 11, 27, 9, tzinfo=UTC)
    conn.execute(
        sa.table(
            "communities",
            *(sa.column(c) for c in ("id", "platform", "external_id", "timezone", "day_start")),
            *(sa.column(c) for c in ("post_time", "paused")),
            sa.column("created_at", UTCDateTime()),
        ).insert(),
        [
            {
                "id": 1,
                "platform": "console",
                "external_id": "old",
                "timezone": "UTC",
                "day_start": "00:00",
                "post_time": "09:00",
                "paused": False,
                "created_at": t0,
            }
        ],
    )
    conn.execute(
        sa.table(
            "members",
            *(sa.column(c) for c in ("id", "community_id", "user_id", "name", "is_moderator")),
            *(sa.column(c) for c in ("hidden", "xp", "streak_current", "streak_longest")),
            sa.column("freezes"),
            sa.column("created_at", UTCDateTime()),
        ).insert(),
        [
            {
                "id": n,
                "community_id": 1,
                "user_id": name,
                "name": name,
                "is_moderator": False,
                "hidden": name == "ben",
                "xp": 0,
                "streak_current": 0,
                "streak_longest": 0,
                "freezes": 0,
                "created_at": t0,
            }
            for n, name in ((1, "ana"), (2, "ben"))
        ],
    )
    answers = [  # (member, topic, study day, correct): 27 Nov is a Friday, 30 Nov a Monday
        (1, "numpy", date(2026, 11, 27), True),
        (1, "numpy", date(2026, 11, 27), True),
        (1, "numpy", date(2026, 11, 30), True),
        (1, "numpy", date(2026, 11, 30), False),
        (1, "pandas", date(2026, 12, 1), True),
        (2, "numpy", date(2026, 12, 1), True),
        (2, "pandas", date(2026, 11, 29), False),
    ]
    conn.execute(
        sa.table(
            "quiz_answers",
            *(sa.column(c) for c in ("member_id", "question_id", "topic", "mode", "choice")),
            *(sa.column(c) for c in ("correct", "study_day", "source_key")),
            sa.column("at", UTCDateTime()),
        ).insert(),
        [
            {
                "member_id": member_id,
                "question_id": f"{topic}-{n:03d}",
                "topic": topic,
                "mode": "practice",
                "choice": 1,
                "correct": correct,
                "study_day": day,
                "source_key": f"seed:{n}",
                "at": t0,
            }
            for n, (member_id, topic, day, correct) in enumerate(answers)
        ],
    )
    conn.execute(
        sa.text(
            "INSERT INTO member_periods (member_id, period, community_id, hidden, xp, days, "
            "correct) VALUES (1, 'all', 1, :hidden, 40, 3, 4)"
        ),
        {"hidden": False},
    )
    conn.commit()


def _counters(conn: Connection) -> dict[tuple[int, str], tuple[bool, int, int, int]]:
    rows = conn.exec_driver_sql(
        "SELECT member_id, period, hidden, xp, days, correct FROM member_periods"
    )
    return {(m, p): (bool(h), int(x), int(d), int(c)) for m, p, h, x, d, c in rows}


def _period_length(conn: Connection) -> object:
    (column,) = [c for c in inspect(conn).get_columns("member_periods") if c["name"] == "period"]
    return getattr(column["type"], "length", None)


async def test_the_topic_counters_are_backfilled_and_the_downgrade_drops_them(
    empty_db: str,
) -> None:
    """A database with answers at 0006, upgraded: each correct answer is in its topic's
    week, month and all-time counters (no XP, no days; hidden as its member); the boards read
    them; a downgrade drops them and narrows the key again, and the upgrade restores them."""
    from datetime import UTC, datetime

    from bot.bootstrap import build
    from bot.clock import ManualClock
    from bot.config import Settings
    from tests.helpers import console_actor

    await migrate.upgrade(empty_db, "0006")
    await _run(empty_db, _seed_answers_at_0006)
    plain = {(1, "all"): (False, 40, 3, 4)}
    expected = {
        **plain,
        (1, "w2026-11-23/numpy"): (False, 0, 0, 2),
        (1, "w2026-11-30/numpy"): (False, 0, 0, 1),
        (1, "m2026-11/numpy"): (False, 0, 0, 3),
        (1, "all/numpy"): (False, 0, 0, 3),
        (1, "w2026-11-30/pandas"): (False, 0, 0, 1),
        (1, "m2026-12/pandas"): (False, 0, 0, 1),
        (1, "all/pandas"): (False, 0, 0, 1),
        (2, "w2026-11-30/numpy"): (True, 0, 0, 1),
        (2, "m2026-12/numpy"): (True, 0, 0, 1),
        (2, "all/numpy"): (True, 0, 0, 1),
    }
    await migrate.upgrade(empty_db, "0007")
    assert await _run(empty_db, _counters) == expected
    assert await _run(empty_db, _period_length) == 60

    await migrate.downgrade(empty_db, "0006")
    assert await _run(empty_db, _counters) == plain
    assert await _run(empty_db, _period_length) == 12
    await migrate.upgrade(empty_db)
    assert await _run(empty_db, _counters) == expected

    clock = ManualClock(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    app = build(Settings(database_url=empty_db), clock=clock)
    try:
        ana = console_actor("ana", "old")
        week = await app.dispatcher.text(ana, "/leaderboard quiz week topic:numpy")
        assert week.text == "🥇 ana — 1 correct answers\n\nYou: #1 with 1 correct answers."
        alltime = await app.dispatcher.text(ana, "/leaderboard quiz all topic:numpy")
        assert alltime.text.startswith("🥇 ana — 3 correct answers\n\n")  # ben is hidden
    finally:
        await app.aclose()


def _seed_checkins_at_0009(conn: Connection) -> None:
    """A group on the roadmap since Mon 2 Nov 2026 with ana's history of every kind, and a
    group with no roadmap start with one check-in of ben's, in the schema of 0009."""
    from datetime import UTC, date, datetime

    import sqlalchemy as sa

    from bot.db.types import UTCDateTime

    t0 = datetime(2026, 11, 1, 9, tzinfo=UTC)
    conn.execute(
        sa.table(
            "communities",
            *(sa.column(c) for c in ("id", "platform", "external_id", "timezone", "day_start")),
            *(sa.column(c) for c in ("post_time", "paused", "roadmap_start")),
            sa.column("created_at", UTCDateTime()),
        ).insert(),
        [
            {
                "id": n,
                "platform": "console",
                "external_id": name,
                "timezone": "UTC",
                "day_start": "00:00",
                "post_time": "09:00",
                "paused": False,
                "roadmap_start": start,
                "created_at": t0,
            }
            for n, name, start in ((1, "old", date(2026, 11, 2)), (2, "unset", None))
        ],
    )
    conn.execute(
        sa.table(
            "members",
            *(sa.column(c) for c in ("id", "community_id", "user_id", "name", "is_moderator")),
            *(sa.column(c) for c in ("hidden", "xp", "streak_current", "streak_longest")),
            sa.column("freezes"),
            sa.column("created_at", UTCDateTime()),
        ).insert(),
        [
            {
                "id": n,
                "community_id": n,
                "user_id": name,
                "name": name,
                "is_moderator": True,
                "hidden": False,
                "xp": 0,
                "streak_current": 0,
                "streak_longest": 0,
                "freezes": 0,
                "created_at": t0,
            }
            for n, name in ((1, "ana"), (2, "ben"))
        ],
    )
    conn.execute(
        sa.table(
            "checkins",
            *(sa.column(c) for c in ("id", "member_id", "study_day", "kind", "note")),
            sa.column("at", UTCDateTime()),
        ).insert(),
        [
            {"id": n, "member_id": m, "study_day": day, "kind": kind, "note": None, "at": t0}
            for n, (m, day, kind) in enumerate(_SEEDED_CHECKINS, start=1)
        ],
    )
    conn.commit()


_SEEDED_CHECKINS = [  # (member, study day, kind) and the roadmap day the backfill gives it
    (1, date(2026, 11, 1), "checkin"),  # before Day 1: none
    (1, date(2026, 11, 2), "checkin"),  # Day 1
    (1, date(2026, 11, 3), "checkin"),  # Day 2
    (1, date(2026, 11, 4), "freeze"),  # not studied: none
    (1, date(2026, 11, 5), "restore"),
    (1, date(2026, 11, 6), "repair"),
    (1, date(2026, 11, 16), "checkin"),  # Day 15: the second step
    (1, date(2027, 2, 1), "checkin"),  # Day 92, past the end: kept, and /roadmap ignores it
    (2, date(2026, 11, 2), "checkin"),  # no roadmap start: none
]
_BACKFILLED = [None, 1, 2, None, None, None, 15, 92, None]


def _roadmap_days(conn: Connection) -> list[object]:
    return [n for (n,) in conn.exec_driver_sql("SELECT roadmap_day FROM checkins ORDER BY id")]


def _kinds(conn: Connection) -> list[object]:
    return [k for (k,) in conn.exec_driver_sql("SELECT kind FROM checkins ORDER BY id")]


def _checkin_columns(conn: Connection) -> set[str]:
    return {c["name"] for c in inspect(conn).get_columns("checkins")}


async def test_the_roadmap_days_of_old_check_ins_are_backfilled_from_the_start_of_today(
    empty_db: str,
) -> None:
    """A database with check-ins at 0009, upgraded: each check-in gets the roadmap day today's
    start gives it (as /roadmap counted before), the other kinds none; a downgrade drops the
    column and keeps the rows, the upgrade fills it again, and /roadmap keeps counting them
    where they were after /admin roadmap-day moves the group."""
    from datetime import UTC, datetime

    from bot.bootstrap import build
    from bot.clock import ManualClock
    from bot.config import Settings
    from tests.helpers import console_actor

    await migrate.upgrade(empty_db, "0009")
    await _run(empty_db, _seed_checkins_at_0009)
    await migrate.upgrade(empty_db, "0010")
    assert await _run(empty_db, _roadmap_days) == _BACKFILLED

    await migrate.downgrade(empty_db, "0009")
    assert "roadmap_day" not in await _run(empty_db, _checkin_columns)
    assert await _run(empty_db, _kinds) == [kind for _, _, kind in _SEEDED_CHECKINS]
    await migrate.upgrade(empty_db)
    assert await _run(empty_db, _roadmap_days) == _BACKFILLED

    clock = ManualClock(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))  # Day 19
    app = build(Settings(database_url=empty_db), clock=clock)
    try:
        ana = console_actor("ana", "old")
        before = await app.dispatcher.text(ana, "/roadmap")
        assert before.text == "The group is on Day 19 of 84."
        counts = [f.value.split(" · ")[1] for f in before.fields]
        assert counts[:3] == [
            "you checked in on 2 of 14",
            "you checked in on 1 of 14",
            "you checked in on 0 of 21",
        ]
        await app.dispatcher.text(ana, "/admin roadmap-day 50")
        moved = await app.dispatcher.text(ana, "/roadmap")
        assert moved.text == "The group is on Day 50 of 84."
        assert [f.value.split(" · ")[1] for f in moved.fields] == counts
    finally:
        await app.aclose()


async def test_the_slack_installation_tables_come_with_0011_and_go_with_its_downgrade(
    empty_db: str,
) -> None:
    """0011 adds the installs and OAuth states of Slack for many workspaces and nothing else;
    its downgrade drops exactly those two tables."""
    slack = {"slack_installations", "slack_oauth_states"}
    await migrate.upgrade(empty_db, "0010")
    before = await _run(empty_db, _tables)
    assert isinstance(before, set) and not slack & before
    await migrate.upgrade(empty_db, "0011")
    assert await _run(empty_db, _tables) == before | slack
    await migrate.downgrade(empty_db, "0010")
    assert await _run(empty_db, _tables) == before
