"""exercise_submissions, exercise_progress and members.exercises_passed: hands-on exercises

Every graded submission is kept (``exercise_submissions``: the code, the verdict and the test
counts; ``/me export`` includes them, ``/me delete`` removes them with the member). A member's
standing per exercise (``exercise_progress``) holds the first pass and, for a failed exercise,
its FSRS review card and due time. ``members.exercises_passed`` is the ladder evidence, kept in
the same transaction as the pass (like ``shipped_projects``).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _member() -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "exercise_submissions",
        *_member(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("public_passed", sa.Integer(), nullable=False),
        sa.Column("public_total", sa.Integer(), nullable=False),
        sa.Column("hidden_passed", sa.Integer(), nullable=False),
        sa.Column("hidden_total", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_exercise_submissions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_submissions")),
    )
    op.create_index(
        "ix_exercise_submissions_member_exercise",
        "exercise_submissions",
        ["member_id", "exercise_id"],
        unique=False,
    )
    op.create_index(
        "ix_exercise_submissions_exercise_id", "exercise_submissions", ["exercise_id"], unique=False
    )
    op.create_table(
        "exercise_progress",
        *_member(),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("passed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("card", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_exercise_progress_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_progress")),
        sa.UniqueConstraint(
            "member_id", "exercise_id", name=op.f("uq_exercise_progress_member_id_exercise_id")
        ),
    )
    op.create_index(
        "ix_exercise_progress_member_due", "exercise_progress", ["member_id", "due"], unique=False
    )
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("exercises_passed", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("exercises_passed")
    op.drop_index("ix_exercise_progress_member_due", table_name="exercise_progress")
    op.drop_table("exercise_progress")
    op.drop_index("ix_exercise_submissions_exercise_id", table_name="exercise_submissions")
    op.drop_index("ix_exercise_submissions_member_exercise", table_name="exercise_submissions")
    op.drop_table("exercise_submissions")
