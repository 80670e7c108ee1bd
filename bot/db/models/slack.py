"""Slack workspaces installed through the OAuth flow, and the flows in progress (SPEC §9)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class SlackInstallation(Base):
    """The latest install of mlpath in one workspace (or one Enterprise Grid org).

    The ``*_token`` columns hold Fernet ciphertext (``MLPATH_SECRET_KEY``), never a token.
    """

    __tablename__ = "slack_installations"
    __table_args__ = (
        UniqueConstraint("workspace_key"),
        Index("ix_slack_installations_team_id", "team_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "<enterprise_id or ->:<team_id or ->": unique without trusting NULLs in a constraint
    workspace_key: Mapped[str] = mapped_column(String(80))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    app_id: Mapped[str | None] = mapped_column(String(32))
    installer_user_id: Mapped[str] = mapped_column(String(32))
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str | None] = mapped_column(Text)
    bot_token: Mapped[str | None] = mapped_column(Text)
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_scopes: Mapped[str | None] = mapped_column(Text)
    user_token: Mapped[str | None] = mapped_column(Text)
    user_refresh_token: Mapped[str | None] = mapped_column(Text)
    user_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    token_type: Mapped[str | None] = mapped_column(String(16))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SlackOAuthState(Base):
    """A one-time ``state`` of an OAuth flow in progress, until it is used or expires."""

    __tablename__ = "slack_oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
