"""checkins.roadmap_day: a check-in keeps the roadmap day it was made on

``/roadmap`` used to derive each check-in's roadmap day from the community's roadmap start as
it is today, so after ``/admin roadmap-day 50`` and then ``84`` a member's check-ins on
Foundations days were counted under later steps (issue 13). A check-in now stores the group's
roadmap day of its study day when it is made (NULL: no roadmap start then, not started yet or
past the end; and on freeze, restore and repair rows, which are not studied roadmap days).

The roadmap days of the check-ins made before this revision were never recorded, so the
backfill uses the best knowledge there is: today's ``roadmap_start``, as ``/roadmap`` did —
the same counts as before the upgrade, and later moves of the day no longer change them. Only
``checkin`` rows of communities with a start, on or after Day 1, get a day (frozen copy of
the rule, bot.domain.roadmap.roadmap_day: days since the start + 1). The length of the
roadmap is content (a group may have its own), which a migration cannot read: a backfilled day
past the end stays, and ``/roadmap`` ignores days past its last, as it did.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Roadmap day N = days since the start + 1, in whole days between two DATE values.
_DAYS_SINCE = {
    "sqlite": "CAST(julianday(checkins.study_day) - julianday(c.roadmap_start) AS INTEGER)",
    "postgresql": "(checkins.study_day - c.roadmap_start)",
}


def upgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roadmap_day", sa.Integer(), nullable=True))
    conn = op.get_bind()
    since = _DAYS_SINCE[conn.dialect.name]
    conn.execute(
        sa.text(
            f"UPDATE checkins SET roadmap_day = (SELECT {since} + 1 "
            "FROM members m JOIN communities c ON c.id = m.community_id "
            "WHERE m.id = checkins.member_id) "
            "WHERE checkins.kind = 'checkin' AND EXISTS (SELECT 1 "
            "FROM members m JOIN communities c ON c.id = m.community_id "
            "WHERE m.id = checkins.member_id AND c.roadmap_start IS NOT NULL "
            f"AND {since} >= 0)"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_column("roadmap_day")
