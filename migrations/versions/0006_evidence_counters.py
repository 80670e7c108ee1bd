"""member_topics and evidence counters on members: a check-in or an answer without history

Per-topic quiz tallies (answered, correct, the latest results as a bit mask) and, on members,
the ladder evidence (correct answers, mastered topics, shipped projects), the practice XP of
the latest study day (the daily cap) and a digest of the milestone candidates last reviewed.
All backfilled from quiz_answers, projects and xp_events; the digest starts empty (NULL), so
every member's next review is a full one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:12:40.118204
"""

from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The mastery rule and the tally's width, as bot.domain.quiz has them, frozen here.
MASTERY_MIN_CORRECT = 10
MASTERY_WINDOW = 10
MASTERY_MIN_IN_WINDOW = 8
RECENT_BITS = MASTERY_WINDOW + 1


def upgrade() -> None:
    op.create_table(
        "member_topics",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("recent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_topics_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "topic", name=op.f("pk_member_topics")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        for name in ("correct_answers", "mastered_topics", "shipped_projects"):
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("practice_day", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("practice_xp", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("milestones_digest", sa.BigInteger(), nullable=True))

    _backfill(op.get_bind())


def _mastered(answered: int, correct: int, recent: int) -> bool:
    window = recent & ((1 << MASTERY_WINDOW) - 1)
    return (
        correct >= MASTERY_MIN_CORRECT
        and answered >= MASTERY_WINDOW
        and bin(window).count("1") >= MASTERY_MIN_IN_WINDOW
    )


def _backfill(bind: sa.engine.Connection) -> None:
    # Each topic's answers newest first (as the history was read), the newest RECENT_BITS
    # results as bits: the newest in bit 0.
    bind.execute(
        sa.text(
            "INSERT INTO member_topics (member_id, topic, answered, correct, recent) "
            "SELECT member_id, topic, count(*), "
            "sum(CASE WHEN correct THEN 1 ELSE 0 END), "
            "sum(CASE WHEN correct AND rn <= :bits "
            "THEN 1 << CAST(rn - 1 AS INTEGER) ELSE 0 END) "
            "FROM (SELECT member_id, topic, correct, row_number() OVER ("
            "PARTITION BY member_id, topic ORDER BY at DESC, id DESC) AS rn "
            "FROM quiz_answers) AS ranked "
            "GROUP BY member_id, topic"
        ),
        {"bits": RECENT_BITS},
    )
    bind.execute(
        sa.text(
            "UPDATE members SET "
            "correct_answers = COALESCE((SELECT sum(t.correct) FROM member_topics t "
            "WHERE t.member_id = members.id), 0), "
            "shipped_projects = (SELECT count(*) FROM projects p "
            "WHERE p.member_id = members.id AND p.status = 'shipped'), "
            "practice_day = (SELECT max(x.study_day) FROM xp_events x "
            "WHERE x.member_id = members.id AND x.reason = 'practice')"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE members SET practice_xp = (SELECT COALESCE(sum(x.amount), 0) "
            "FROM xp_events x WHERE x.member_id = members.id AND x.reason = 'practice' "
            "AND x.study_day = members.practice_day) WHERE practice_day IS NOT NULL"
        )
    )
    mastered: Counter[int] = Counter()
    for row in bind.execute(
        sa.text("SELECT member_id, answered, correct, recent FROM member_topics")
    ):
        if _mastered(int(row.answered), int(row.correct), int(row.recent)):
            mastered[int(row.member_id)] += 1
    if mastered:
        bind.execute(
            sa.text("UPDATE members SET mastered_topics = :n WHERE id = :id"),
            [{"id": member_id, "n": n} for member_id, n in mastered.items()],
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("milestones_digest")
        batch_op.drop_column("practice_xp")
        batch_op.drop_column("practice_day")
        batch_op.drop_column("shipped_projects")
        batch_op.drop_column("mastered_topics")
        batch_op.drop_column("correct_answers")

    op.drop_table("member_topics")
