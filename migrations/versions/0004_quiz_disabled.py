"""quiz_disabled: questions a community took out of its bank

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:53:57.269327
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quiz_disabled",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_quiz_disabled_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_disabled")),
        sa.UniqueConstraint(
            "community_id", "question_id", name=op.f("uq_quiz_disabled_community_id_question_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("quiz_disabled")
