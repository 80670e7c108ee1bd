"""The web dashboard (SPEC §10): sign-in links, sessions, its signing key and public pages.

Links and sessions are stored only as the SHA-256 of their token: a copy of the database
signs no one in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class WebLink(Base):
    """A one-use sign-in link for one member of one community, for 15 minutes."""

    __tablename__ = "web_links"
    __table_args__ = (Index("ix_web_links_member_id", "member_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    # Discord Manage Server / Slack admin when the link was asked for (the web cannot ask)
    platform_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebSession(Base):
    """A signed-in browser: 7 days from sign-in, until revoked."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_member_id", "member_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    platform_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebKey(Base):
    """The dashboard's signing key when no MLPATH_WEB_SECRET or MLPATH_SECRET_KEY is set
    (the console, the demo): made once per database, so links survive a restart."""

    __tablename__ = "web_keys"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DashboardSetting(Base):
    """A community's public page (``/admin dashboard public on|off``)."""

    __tablename__ = "dashboard_settings"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


__all__ = ["DashboardSetting", "WebKey", "WebLink", "WebSession"]
