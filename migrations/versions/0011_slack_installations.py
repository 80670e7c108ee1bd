"""slack_installations and slack_oauth_states: Slack for many workspaces

One deployment serves many Slack workspaces when it is installed through Slack's OAuth flow
(``/slack/install`` → ``/slack/oauth_redirect``, issue 14). Each install is kept as one row of
``slack_installations`` per workspace (or per Enterprise Grid org for an org-wide install),
keyed by ``workspace_key`` (``<enterprise_id or ->:<team_id or ->``, so the key is unique
without relying on NULLs in a unique constraint, which SQLite and Postgres both let repeat).
Tokens are stored only encrypted (Fernet with ``MLPATH_SECRET_KEY``); the ``*_token`` columns
hold ciphertext. A re-install replaces the row: mlpath keeps the latest install only.

``slack_oauth_states`` holds the one-time ``state`` values of OAuth flows in progress, so a
redirect is verified by any process of the deployment, also after a restart.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", sa.String(length=80), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=True),
        sa.Column("installer_user_id", sa.String(length=32), nullable=False),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.Text(), nullable=True),
        sa.Column("bot_token", sa.Text(), nullable=True),
        sa.Column("bot_refresh_token", sa.Text(), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_scopes", sa.Text(), nullable=True),
        sa.Column("user_token", sa.Text(), nullable=True),
        sa.Column("user_refresh_token", sa.Text(), nullable=True),
        sa.Column("user_token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_type", sa.String(length=16), nullable=True),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_installations")),
        sa.UniqueConstraint("workspace_key", name=op.f("uq_slack_installations_workspace_key")),
    )
    op.create_index(
        "ix_slack_installations_team_id", "slack_installations", ["team_id"], unique=False
    )
    op.create_table(
        "slack_oauth_states",
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("state", name=op.f("pk_slack_oauth_states")),
    )


def downgrade() -> None:
    op.drop_table("slack_oauth_states")
    op.drop_index("ix_slack_installations_team_id", table_name="slack_installations")
    op.drop_table("slack_installations")
