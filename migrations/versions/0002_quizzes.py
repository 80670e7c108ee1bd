"""quizzes: cards, prompts, answers, challenges, rounds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:50:52.971749
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quiz_challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_quiz_challenges_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_challenges")),
        sa.UniqueConstraint(
            "community_id", "local_date", name=op.f("uq_quiz_challenges_community_id_local_date")
        ),
    )
    op.create_table(
        "quiz_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("current", sa.Integer(), nullable=False),
        sa.Column("question_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_quiz_rounds_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_rounds")),
    )
    with op.batch_alter_table("quiz_rounds", schema=None) as batch_op:
        batch_op.create_index(
            "ux_quiz_rounds_running_channel",
            ["community_id", "channel_id"],
            unique=True,
            sqlite_where=sa.text("status = 'running'"),
            postgresql_where=sa.text("status = 'running'"),
        )

    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("study_day", sa.Date(), nullable=False),
        sa.Column("source_key", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_quiz_answers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_answers")),
        sa.UniqueConstraint(
            "member_id", "source_key", name=op.f("uq_quiz_answers_member_id_source_key")
        ),
    )
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quiz_answers_member_topic_at", ["member_id", "topic", "at"], unique=False
        )
        batch_op.create_index("ix_quiz_answers_source_key", ["source_key"], unique=False)

    op.create_table(
        "quiz_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_quiz_cards_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_cards")),
        sa.UniqueConstraint(
            "member_id", "question_id", name=op.f("uq_quiz_cards_member_id_question_id")
        ),
    )
    with op.batch_alter_table("quiz_cards", schema=None) as batch_op:
        batch_op.create_index("ix_quiz_cards_member_due", ["member_id", "due"], unique=False)

    op.create_table(
        "quiz_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_quiz_prompts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_prompts")),
    )
    op.create_table(
        "quiz_round_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question_index", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_quiz_round_answers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["quiz_rounds.id"],
            name=op.f("fk_quiz_round_answers_round_id_quiz_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_round_answers")),
        sa.UniqueConstraint(
            "round_id",
            "question_index",
            "member_id",
            name=op.f("uq_quiz_round_answers_round_id_question_index_member_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("quiz_round_answers")
    op.drop_table("quiz_prompts")
    with op.batch_alter_table("quiz_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_cards_member_due")

    op.drop_table("quiz_cards")
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_answers_source_key")
        batch_op.drop_index("ix_quiz_answers_member_topic_at")

    op.drop_table("quiz_answers")
    with op.batch_alter_table("quiz_rounds", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_quiz_rounds_running_channel",
            sqlite_where=sa.text("status = 'running'"),
            postgresql_where=sa.text("status = 'running'"),
        )

    op.drop_table("quiz_rounds")
    op.drop_table("quiz_challenges")
