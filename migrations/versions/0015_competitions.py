"""competitions and competition_submissions: competitions opened in a community

Each opening of a competition (``competitions``) keeps its random salt, so the data cannot be
rebuilt from the repository alone. Every valid submission (``competition_submissions``) keeps
its public and private scores, the file's SHA-256 and its row count, never the file;
``/me export`` includes them, ``/me delete`` removes them with the member.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "competitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.String(length=40), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_competitions_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competitions")),
    )
    op.create_index(
        "ix_competitions_community_closed",
        "competitions",
        ["community_id", "closed_at"],
        unique=False,
    )
    op.create_table(
        "competition_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("public_score", sa.Float(), nullable=False),
        sa.Column("private_score", sa.Float(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["competitions.id"],
            name=op.f("fk_competition_submissions_run_id_competitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_competition_submissions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competition_submissions")),
    )
    op.create_index(
        "ix_competition_submissions_run_member",
        "competition_submissions",
        ["run_id", "member_id", "day"],
        unique=False,
    )
    op.create_index(
        "ix_competition_submissions_member_id",
        "competition_submissions",
        ["member_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_competition_submissions_member_id", table_name="competition_submissions")
    op.drop_index("ix_competition_submissions_run_member", table_name="competition_submissions")
    op.drop_table("competition_submissions")
    op.drop_index("ix_competitions_community_closed", table_name="competitions")
    op.drop_table("competitions")
