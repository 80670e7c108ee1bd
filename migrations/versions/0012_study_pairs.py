"""pair_signups, pair_settings, pair_rounds and pair_matches: study pairs

Members join the weekly study pairs with ``/pair join [weekly|biweekly]`` (``pair_signups``, one
row per member, gone with ``/pair leave``). Every Monday at the post time a community's round
is held once (``pair_rounds``, unique per community and key: the Monday's date, or ``now:…``
for ``/admin pair now``), and each member's group and answer to Thursday's "Did you meet?" is
kept in ``pair_matches``. ``pair_settings`` holds ``/admin pair pause``. Everything about a
member cascades away with the member (``/me delete``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 19:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pair_signups",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("cadence", sa.String(length=8), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_pair_signups_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_pair_signups")),
    )
    op.create_table(
        "pair_settings",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_pair_settings_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_pair_settings")),
    )
    op.create_table(
        "pair_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_pair_rounds_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_rounds")),
        sa.UniqueConstraint("community_id", "key", name=op.f("uq_pair_rounds_community_id_key")),
    )
    op.create_table(
        "pair_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("group_no", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_pair_matches_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pair_rounds.id"],
            name=op.f("fk_pair_matches_round_id_pair_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_matches")),
        sa.UniqueConstraint(
            "round_id", "member_id", name=op.f("uq_pair_matches_round_id_member_id")
        ),
    )
    op.create_index(op.f("ix_pair_matches_member_id"), "pair_matches", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pair_matches_member_id"), table_name="pair_matches")
    op.drop_table("pair_matches")
    op.drop_table("pair_rounds")
    op.drop_table("pair_settings")
    op.drop_table("pair_signups")
