"""streak_holds, and a streak anchor and hold end on members: vacation mode

A hold (``/me pause N``) puts a streak on pause for whole study days: they are neither missed
nor credited. ``streak_holds`` keeps each hold (the quarter's allowance and a recomputation
read it); on members, ``streak_anchor`` is the last study day moved on by the days on hold
since, so the live-streak board still judges liveness in one index range (the index now
covers the anchor instead of the last study day), and ``hold_until`` is the last day of the
latest hold. No hold exists yet, so every anchor starts as the last study day.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STREAK_INDEX = ["community_id", "hidden", "streak_current", "{day}", "freezes"]


def _streak_index(day: str) -> list[str]:
    return [day if c == "{day}" else c for c in STREAK_INDEX]


def upgrade() -> None:
    op.create_table(
        "streak_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", "first_day"),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("streak_anchor", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("hold_until", sa.Date(), nullable=True))
        batch_op.drop_index("ix_members_streak")
        batch_op.create_index("ix_members_streak", _streak_index("streak_anchor"), unique=False)
    op.execute("UPDATE members SET streak_anchor = last_study_day")


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_streak")
        batch_op.create_index("ix_members_streak", _streak_index("last_study_day"), unique=False)
        batch_op.drop_column("hold_until")
        batch_op.drop_column("streak_anchor")
    op.drop_table("streak_holds")
