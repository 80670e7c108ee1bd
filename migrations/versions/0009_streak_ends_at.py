"""members.streak_ends_at: the live-streak board judges liveness in each member's timezone

Until now the board asked SQL for streaks alive by the community's day minus two days of
slack and then applied each member's own day to a window of 20 candidates, so broken streaks
could fill the window and hide live ones (issue 12). ``streak_ends_at`` is the instant a streak
stops being alive in the member's own timezone — the start of study day anchor + 2 + freezes —
so "alive now" is one comparison, and ``ix_members_streak`` covers it instead of the anchor and
the freezes. Backfilled in Python with a frozen copy of the rule (bot.domain.streaks).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 16:40:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 500


def _study_day(instant: datetime, tz: ZoneInfo, day_start: time) -> date:
    local = instant.astimezone(tz).replace(tzinfo=None)
    return (local - timedelta(hours=day_start.hour, minutes=day_start.minute)).date()


def _day_starts_at(day: date, tz_name: str, day_start: time) -> datetime:
    """The first instant whose study day is ``day`` (the end of a DST gap if one skips it)."""
    tz = ZoneInfo(tz_name)
    wall = datetime.combine(day, day_start)
    earliest = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if earliest.astimezone(tz).replace(tzinfo=None) == wall:
        return earliest
    low, high = wall.replace(tzinfo=tz, fold=1).astimezone(UTC), earliest
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _study_day(middle, tz, day_start) >= day:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("streak_ends_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index("ix_members_streak")
        batch_op.create_index(
            "ix_members_streak",
            ["community_id", "hidden", "streak_current", "streak_ends_at"],
            unique=False,
        )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT m.id, m.streak_anchor, m.freezes, m.timezone, m.platform_timezone, "
            "c.timezone, c.day_start FROM members m JOIN communities c ON c.id = m.community_id "
            "WHERE m.streak_current > 0 AND m.streak_anchor IS NOT NULL"
        )
    ).all()
    members = sa.table(
        "members",
        sa.column("id", sa.Integer),
        sa.column("streak_ends_at", sa.DateTime(timezone=True)),
    )
    update = (
        sa.update(members)
        .where(members.c.id == sa.bindparam("member"))
        .values(streak_ends_at=sa.bindparam("ends"))
    )
    values = []
    for member, anchor, freezes, personal, platform, community_tz, day_start in rows:
        hour, minute = (int(part) for part in str(day_start).split(":"))
        ends = _as_date(anchor) + timedelta(days=2 + int(freezes))
        instant = _day_starts_at(ends, personal or platform or community_tz, time(hour, minute))
        if conn.dialect.name == "sqlite":  # as bot.db.types.UTCDateTime stores it there
            values.append({"member": member, "ends": instant.replace(tzinfo=None)})
        else:
            values.append({"member": member, "ends": instant})
    for first in range(0, len(values), CHUNK):
        conn.execute(update, values[first : first + CHUNK])


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_streak")
        batch_op.create_index(
            "ix_members_streak",
            ["community_id", "hidden", "streak_current", "streak_anchor", "freezes"],
            unique=False,
        )
        batch_op.drop_column("streak_ends_at")
