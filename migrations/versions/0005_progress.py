"""projects, milestones, leaderboards, ladder roles, custom questions

Also backfills: the study day of existing XP ledger rows (their UTC date) and the
leaderboard counters (member_periods) from the XP ledger, check-ins and quiz answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:58:22.700397
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "custom_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_custom_questions_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_questions")),
        sa.UniqueConstraint(
            "community_id", "question_id", name=op.f("uq_custom_questions_community_id_question_id")
        ),
    )
    op.create_table(
        "ladder_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("level_key", sa.String(length=40), nullable=False),
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_ladder_roles_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder_roles")),
        sa.UniqueConstraint(
            "community_id", "level_key", name=op.f("uq_ladder_roles_community_id_level_key")
        ),
    )
    op.create_table(
        "member_periods",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=12), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("xp", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_member_periods_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_periods_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "period", name=op.f("pk_member_periods")),
    )
    for metric in ("xp", "days", "correct"):
        op.create_index(
            f"ix_member_periods_{metric}",
            "member_periods",
            ["community_id", "period", "hidden", sa.text(f"{metric} DESC"), "member_id"],
        )

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_milestones_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("member_id", "key", name=op.f("uq_milestones_member_id_key")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("repo", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("demo", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_projects_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("member_id", "name_key", name=op.f("uq_projects_member_id_name_key")),
    )
    op.create_table(
        "project_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("study_day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_updates_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_updates")),
    )
    with op.batch_alter_table("project_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_updates_project_id"), ["project_id"], unique=False
        )

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("track", sa.String(length=16), nullable=True))
        batch_op.create_index(
            "ix_members_streak",
            ["community_id", "hidden", "streak_current", "last_study_day", "freezes"],
            unique=False,
        )

    with op.batch_alter_table("xp_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("study_day", sa.Date(), nullable=True))

    _backfill(op.get_bind())


def _periods(day: date) -> tuple[str, ...]:
    """The leaderboard periods a study day counts in (as bot.domain.periods, frozen here)."""
    monday = day - timedelta(days=day.weekday())
    return ("all", f"w{monday.isoformat()}", f"m{day:%Y-%m}")


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _backfill(bind: sa.engine.Connection) -> None:
    # Check-in and practice XP carry their study day in the key; the rest get the UTC date.
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("UPDATE xp_events SET study_day = (at AT TIME ZONE 'UTC')::date"))
        day_in_key = "CAST(substring(source_key from :start for 10) AS date)"
    else:
        bind.execute(sa.text("UPDATE xp_events SET study_day = date(at)"))
        day_in_key = "substr(source_key, :start, 10)"
    for prefix in ("checkin:", "practice:"):
        bind.execute(
            sa.text(f"UPDATE xp_events SET study_day = {day_in_key} WHERE source_key LIKE :like"),
            {"start": len(prefix) + 1, "like": f"{prefix}____-__-__%"},
        )
    members = {
        row.id: (row.community_id, bool(row.hidden))
        for row in bind.execute(sa.text("SELECT id, community_id, hidden FROM members"))
    }
    if members:  # their first review records what they already hold without announcing it
        milestones = sa.table(
            "milestones", sa.column("member_id"), sa.column("key"), sa.column("at")
        )
        now = datetime.now(UTC)
        bind.execute(
            milestones.insert(), [{"member_id": m, "key": "baseline", "at": now} for m in members]
        )
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    sources = (
        (0, "SELECT member_id, study_day AS day, amount FROM xp_events"),
        (1, "SELECT member_id, study_day AS day, 1 AS amount FROM checkins WHERE kind <> 'freeze'"),
        (2, "SELECT member_id, study_day AS day, 1 AS amount FROM quiz_answers WHERE correct"),
    )
    for column, query in sources:
        for row in bind.execute(sa.text(query)):
            for period in _periods(_day(row.day)):
                totals[(row.member_id, period)][column] += row.amount
    rows = [
        {
            "member_id": member_id,
            "period": period,
            "community_id": members[member_id][0],
            "hidden": members[member_id][1],
            "xp": xp,
            "days": days,
            "correct": correct,
        }
        for (member_id, period), (xp, days, correct) in totals.items()
        if member_id in members
    ]
    if rows:
        table = sa.table(
            "member_periods",
            *(sa.column(c) for c in ("member_id", "period", "community_id", "hidden")),
            *(sa.column(c) for c in ("xp", "days", "correct")),
        )
        bind.execute(table.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("xp_events", schema=None) as batch_op:
        batch_op.drop_column("study_day")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_streak")
        batch_op.drop_column("track")

    with op.batch_alter_table("project_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_updates_project_id"))

    op.drop_table("project_updates")
    op.drop_table("projects")
    op.drop_table("milestones")
    with op.batch_alter_table("member_periods", schema=None) as batch_op:
        batch_op.drop_index("ix_member_periods_xp")
        batch_op.drop_index("ix_member_periods_days")
        batch_op.drop_index("ix_member_periods_correct")

    op.drop_table("member_periods")
    op.drop_table("ladder_roles")
    op.drop_table("custom_questions")
