"""Does a check-in or a quiz answer cost more for a member with a long history? (issue 11)

    python bench/history.py [--rounds 300] [--seed 11]

Three members of one console community on SQLite (WAL): one new (0 prior answers, no
check-ins), one with 100 prior answers and 100 daily check-ins, one with two years of history
(10,000 answers and 730 daily check-ins). Their history — check-ins, the XP ledger, answers,
FSRS cards, topic tallies, period counters and evidence counters, all as the services keep
them — is bulk-loaded with the stdlib sqlite3 module into a database migrated with Alembic;
one untimed check-in and answer each then records their milestones (a full review).

Each round moves the clock one day on and, for each member in turn, times one check-in
(``CheckinService.checkin``) and one correct practice answer (``QuizService.answer_practice``;
asking the question is not timed) through the real services and unit of work. Printed per
history size: p50 and p99 of each, and the p50 next to the new member's; the goal is at most
1.20 times (a flat hot path). The statements per check-in and per answer are counted in one
more, untimed round.

``history_series(tmp_dir)`` runs the same and returns one dict per size, for other benches.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
import zlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.schema import Question
from bot.db import migrate
from bot.domain import srs
from bot.domain.periods import period_keys, topic_period_keys
from bot.domain.quiz import mastered_topics, tallies
from bot.services.actor import Actor

GOAL = 1.20
ROUNDS = 300
COMMUNITY = "history-bench"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# (prior answers, prior daily check-ins) per member
SIZES = ((0, 0), (100, 100), (10_000, 730))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def actor_of(answers: int) -> Actor:
    name = f"h{answers}"
    return Actor("console", COMMUNITY, name, name, COMMUNITY, "study-group")


def _ts(at: datetime) -> str:
    """A datetime as SQLAlchemy stores it on SQLite (naive UTC)."""
    return at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def seed_history(
    path: Path,
    member_id: int,
    answers: int,
    days: int,
    questions: list[Question],
    topic_of: dict[str, str],
    rng: random.Random,
) -> None:
    """Bulk-load one member's history, with every counter the services keep in step."""
    first_day = START.date() - timedelta(days=days)
    checkins = [first_day + timedelta(days=n) for n in range(days)]
    xp_rows: list[tuple[int, int, str, str, str, str]] = []
    periods: dict[str, Counter[str]] = {}

    def bump(day: date, column: str, amount: int, topic: str | None = None) -> None:
        for key in period_keys(day) if topic is None else topic_period_keys(day, topic):
            periods.setdefault(key, Counter())[column] += amount

    for day in checkins:
        xp_rows.append((member_id, 10, "checkin", f"checkin:{day}", _ts(START), str(day)))
        bump(day, "xp", 10)
        bump(day, "days", 1)
    span = max(days, 1) * 86_400
    history: list[tuple[str, bool]] = []  # oldest first here
    answer_rows = []
    practice_by_day: Counter[date] = Counter()
    for n in range(answers):
        question = questions[rng.randrange(len(questions))]
        correct = rng.random() < 0.8
        at = START - timedelta(seconds=span) + timedelta(seconds=span * n / max(answers, 1))
        day = at.date()
        topic = topic_of[question.id]
        key = f"seed:{n}"
        answer_rows.append(
            (member_id, question.id, topic, "practice", 1, correct, str(day), key, _ts(at))
        )
        history.append((topic_of[question.id], correct))
        if correct:
            bump(day, "correct", 1)
            bump(day, "correct", 1, topic)  # the topic's board
            if practice_by_day[day] < 50:
                practice_by_day[day] += 5
                xp_rows.append((member_id, 5, "practice", f"practice:{day}:{n}", _ts(at), str(day)))
                bump(day, "xp", 5)
    newest_first = history[::-1]
    by_topic = tallies(newest_first)
    practice_day = max(practice_by_day) if practice_by_day else None
    carded = sorted({row[1] for row in answer_rows})
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO checkins (member_id, study_day, kind, note, at) VALUES (?, ?, ?, ?, ?)",
            [(member_id, str(day), "checkin", None, _ts(START)) for day in checkins],
        )
        conn.executemany(
            "INSERT INTO xp_events (member_id, amount, reason, source_key, at, study_day) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            xp_rows,
        )
        conn.executemany(
            "INSERT INTO quiz_answers (member_id, question_id, topic, mode, choice, correct, "
            "study_day, source_key, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answer_rows,
        )
        conn.executemany(
            "INSERT INTO quiz_cards (member_id, question_id, due, card) VALUES (?, ?, ?, ?)",
            [
                (
                    member_id,
                    question_id,
                    _ts(START + timedelta(days=30)),
                    json.dumps(
                        srs.to_dict(
                            srs.new_card(
                                zlib.crc32(f"{member_id}:{question_id}".encode()),
                                START + timedelta(days=30),
                            )
                        ),
                        default=str,
                    ),
                )
                for question_id in carded
            ],
        )
        conn.executemany(
            "INSERT INTO member_topics (member_id, topic, answered, correct, recent) "
            "VALUES (?, ?, ?, ?, ?)",
            [(member_id, t, c.answered, c.correct, c.recent) for t, c in by_topic.items()],
        )
        conn.execute("DELETE FROM member_periods WHERE member_id = ?", (member_id,))
        conn.executemany(
            "INSERT INTO member_periods (member_id, period, community_id, hidden, xp, days, "
            "correct) SELECT id, ?, community_id, hidden, ?, ?, ? FROM members WHERE id = ?",
            [(key, c["xp"], c["days"], c["correct"], member_id) for key, c in periods.items()],
        )
        conn.execute(
            "UPDATE members SET xp = ?, streak_current = ?, streak_longest = ?, freezes = ?, "
            "last_study_day = ?, streak_anchor = ?, correct_answers = ?, mastered_topics = ?, "
            "practice_day = ?, "
            "practice_xp = ?, milestones_digest = NULL WHERE id = ?",
            (
                sum(row[1] for row in xp_rows),
                days,
                days,
                2 if days >= 14 else 0,
                str(checkins[-1]) if checkins else None,
                str(checkins[-1]) if checkins else None,  # the anchor: nobody on hold
                sum(c for _, c in history),
                len(mastered_topics(by_topic)),
                str(practice_day) if practice_day else None,
                practice_by_day[practice_day] if practice_day else 0,
                member_id,
            ),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


class Statements:
    """Counts the statements the app sends (and its COMMITs) while ``on``."""

    def __init__(self, app: App) -> None:
        self.on = False
        self.count = 0
        engine = app.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._seen)
        event.listen(engine, "commit", self._seen)

    def _seen(self, *_args: Any) -> None:
        if self.on:
            self.count += 1


async def run_series(tmp_dir: Path, rounds: int = ROUNDS, seed: int = 11) -> list[dict[str, Any]]:
    path = Path(tmp_dir) / "history.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate.upgrade(url)
    clock = ManualClock(START)
    app = build(Settings(database_url=url), clock=clock)
    questions = list(app.catalog.questions.values())
    topic_of = dict(app.catalog.topic_of)
    by_stem = {q.stem: q for q in questions}
    actors = {answers: actor_of(answers) for answers, _ in SIZES}
    try:
        await app.services.community.open_console(actors[0])
        for actor in actors.values():
            await app.services.checkin.streak(actor)  # enrolled
        ids = {}
        async with app.uow(write=False) as uow:
            community = await uow.communities.get("console", COMMUNITY)
            assert community is not None
            for answers, actor in actors.items():
                member = await uow.members.get(community.id, actor.user_id)
                assert member is not None
                ids[answers] = member.id
    finally:
        await app.aclose()
    rng = random.Random(seed)
    for answers, days in SIZES:
        seed_history(path, ids[answers], answers, days, questions, topic_of, rng)

    app = build(Settings(database_url=url), clock=clock)
    statements = Statements(app)
    checkin_ms: dict[int, list[float]] = {answers: [] for answers, _ in SIZES}
    answer_ms: dict[int, list[float]] = {answers: [] for answers, _ in SIZES}
    counted: dict[int, tuple[int, int]] = {}

    async def one_round(timed: bool, count: bool = False) -> None:
        clock.advance(timedelta(days=1))
        for answers, actor in actors.items():
            statements.on, statements.count = count, 0
            start = time.perf_counter()
            await app.services.checkin.checkin(actor)
            took_checkin = time.perf_counter() - start
            checkins = statements.count
            statements.on = False
            asked = await app.services.quiz.practice(actor)
            prompt_id = asked.buttons[0].arg.split(".")[0]
            choice = by_stem[asked.text].answer
            statements.on, statements.count = count, 0
            start = time.perf_counter()
            verdict = await app.services.quiz.answer_practice(actor, f"{prompt_id}.{choice}")
            took_answer = time.perf_counter() - start
            statements.on = False
            assert verdict.title == "Right!", verdict.text
            if timed:
                checkin_ms[answers].append(took_checkin * 1000)
                answer_ms[answers].append(took_answer * 1000)
            if count:
                counted[answers] = (checkins, statements.count)

    try:
        await one_round(timed=False)  # the first review after loading is a full one
        for _ in range(rounds):
            await one_round(timed=True)
        await one_round(timed=False, count=True)
    finally:
        await app.aclose()

    base_checkin = statistics.median(checkin_ms[0])
    base_answer = statistics.median(answer_ms[0])
    series = []
    for answers, days in SIZES:
        series.append(
            {
                "answers": answers,
                "checkins": days,
                "rounds": rounds,
                "checkin_p50_ms": statistics.median(checkin_ms[answers]),
                "checkin_p99_ms": percentile(checkin_ms[answers], 0.99),
                "checkin_ratio": statistics.median(checkin_ms[answers]) / base_checkin,
                "answer_p50_ms": statistics.median(answer_ms[answers]),
                "answer_p99_ms": percentile(answer_ms[answers], 0.99),
                "answer_ratio": statistics.median(answer_ms[answers]) / base_answer,
                "checkin_statements": counted[answers][0],
                "answer_statements": counted[answers][1],
                "goal_ratio": GOAL,
            }
        )
    return series


def history_series(tmp_dir: Path, rounds: int = ROUNDS, seed: int = 11) -> list[dict[str, Any]]:
    """The history-size series (one dict per size), on a database under ``tmp_dir``."""
    return asyncio.run(run_series(Path(tmp_dir), rounds, seed))


def report(series: list[dict[str, Any]]) -> bool:
    print(
        f"history-size series, SQLite WAL, {series[0]['rounds']} timed check-ins and correct "
        "practice answers per member (one each per study day), through the services"
    )
    print(
        f"{'answers':>8} {'check-ins':>9} | {'check-in p50':>12} {'p99':>8} {'x new':>6} | "
        f"{'answer p50':>10} {'p99':>8} {'x new':>6} | statements (check-in, answer)"
    )
    flat = True
    for row in series:
        flat &= row["checkin_ratio"] <= GOAL and row["answer_ratio"] <= GOAL
        print(
            f"{row['answers']:>8,} {row['checkins']:>9,} | "
            f"{row['checkin_p50_ms']:>9.2f} ms {row['checkin_p99_ms']:>5.2f} ms "
            f"{row['checkin_ratio']:>5.2f}x | "
            f"{row['answer_p50_ms']:>7.2f} ms {row['answer_p99_ms']:>5.2f} ms "
            f"{row['answer_ratio']:>5.2f}x | {row['checkin_statements']}, "
            f"{row['answer_statements']} (incl. BEGIN and COMMIT)"
        )
    verdict = "flat" if flat else "NOT flat"
    print(f"goal: p50 at most {GOAL:.2f}x the new member's for every size -> {verdict}")
    return flat


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        series = history_series(Path(tmp), args.rounds, args.seed)
    report(series)


if __name__ == "__main__":
    main()
