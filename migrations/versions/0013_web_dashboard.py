"""web_links, web_sessions, web_keys and dashboard_settings: the web dashboard

``/admin dashboard`` and ``/me dashboard`` reply with a sign-in link that works once, within 15
minutes, for one member of one community (``web_links``); it exchanges for a browser session of
7 days (``web_sessions``), which ``/me dashboard revoke`` ends. Both keep only the SHA-256 of
their token. ``platform_moderator`` records that the member held the platform's moderator power
(Discord Manage Server, Slack admin) when the link was asked for; the community's moderator
list is re-read on every moderator page. ``web_keys`` holds the signing key of a deployment that
sets neither ``MLPATH_WEB_SECRET`` nor ``MLPATH_SECRET_KEY`` (the console, the demo).
``dashboard_settings`` holds ``/admin dashboard public on|off``. Everything about a member
cascades away with the member (``/me delete``). ``ix_checkins_member_roadmap`` gives the
dashboard's roadmap funnel each member's furthest roadmap day in one index seek.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owned(name: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("platform_moderator", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f(f"fk_{name}_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f(f"fk_{name}_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f(f"pk_{name}")),
    ]


def upgrade() -> None:
    op.create_table(
        "web_links",
        *_owned("web_links"),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_web_links_member_id", "web_links", ["member_id"], unique=False)
    op.create_table("web_sessions", *_owned("web_sessions"))
    op.create_index("ix_web_sessions_member_id", "web_sessions", ["member_id"], unique=False)
    op.create_table(
        "web_keys",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_web_keys")),
    )
    op.create_table(
        "dashboard_settings",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_dashboard_settings_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_dashboard_settings")),
    )
    op.create_index(
        "ix_checkins_member_roadmap", "checkins", ["member_id", "kind", "roadmap_day"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_checkins_member_roadmap", table_name="checkins")
    op.drop_table("dashboard_settings")
    op.drop_table("web_keys")
    op.drop_index("ix_web_sessions_member_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_index("ix_web_links_member_id", table_name="web_links")
    op.drop_table("web_links")
