"""member_periods keys of quiz topics: per-topic quiz leaderboards

A topic board (``/leaderboard quiz week topic:numpy``) counts correct answers in one topic.
Rather than a new table and a new board query, its counters are member_periods rows whose
period is ``<period key>/<topic>`` (``w2026-11-30/numpy``, ``m2026-11/numpy``,
``all/numpy``; xp and days stay 0), so a topic board is one index range like any other.
The key now holds a topic (at most 40 characters) after the period (at most 11), so the
column widens from 12 to 60 characters; the topic rows are backfilled from the correct
answers in quiz_answers, with community and visibility from members.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:05:12.481130
"""

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METRICS = ("xp", "days", "correct")
OLD_LENGTH, NEW_LENGTH = 12, 60
CHUNK = 5_000  # rows per INSERT of the backfill


def upgrade() -> None:
    _period_length(OLD_LENGTH, NEW_LENGTH)
    _backfill(op.get_bind())


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM member_periods WHERE period LIKE '%/%'"))
    _period_length(NEW_LENGTH, OLD_LENGTH)


def _period_length(old: int, new: int) -> None:
    """Change the length of member_periods.period. Postgres alters the column in place; SQLite
    rebuilds the table, whose reflected indexes would lose their DESC columns, so there the
    board indexes are dropped first and created again as 0005 made them."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("member_periods", schema=None) as batch_op:
        if sqlite:
            for metric in METRICS:
                batch_op.drop_index(f"ix_member_periods_{metric}")
        batch_op.alter_column(
            "period",
            existing_type=sa.String(length=old),
            type_=sa.String(length=new),
            existing_nullable=False,
        )
    if sqlite:
        for metric in METRICS:
            op.create_index(
                f"ix_member_periods_{metric}",
                "member_periods",
                ["community_id", "period", "hidden", sa.text(f"{metric} DESC"), "member_id"],
            )


def _topic_periods(day: date, topic: str) -> tuple[str, ...]:
    """The topic counters a correct answer on study day ``day`` adds to (as
    bot.domain.periods.topic_period_keys, frozen here)."""
    monday = day - timedelta(days=day.weekday())
    return tuple(f"{key}/{topic}" for key in (f"w{monday.isoformat()}", f"m{day:%Y-%m}", "all"))


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _backfill(bind: sa.engine.Connection) -> None:
    # Correct answers per member, topic and study day (the sums are made in Python, where the
    # period keys are), with the member's community and visibility.
    totals: Counter[tuple[int, str]] = Counter()
    members: dict[int, tuple[int, bool]] = {}
    for row in bind.execute(
        sa.text(
            "SELECT a.member_id, m.community_id, m.hidden, a.topic, a.study_day, "
            "count(*) AS n FROM quiz_answers a JOIN members m ON m.id = a.member_id "
            "WHERE a.correct GROUP BY a.member_id, m.community_id, m.hidden, a.topic, "
            "a.study_day"
        )
    ):
        members[row.member_id] = (row.community_id, bool(row.hidden))
        for period in _topic_periods(_day(row.study_day), row.topic):
            totals[(row.member_id, period)] += int(row.n)
    rows = [
        {
            "member_id": member_id,
            "period": period,
            "community_id": members[member_id][0],
            "hidden": members[member_id][1],
            "xp": 0,
            "days": 0,
            "correct": correct,
        }
        for (member_id, period), correct in totals.items()
    ]
    table = sa.table(
        "member_periods",
        *(sa.column(c) for c in ("member_id", "period", "community_id", "hidden")),
        *(sa.column(c) for c in METRICS),
    )
    for chunk in _chunks(rows):
        bind.execute(table.insert(), chunk)
