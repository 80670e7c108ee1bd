"""Projects, milestones, leaderboard counters and the ladder's Discord roles."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class Project(Base):
    """A member's portfolio project: idea → building → shipped."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("member_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(300))  # casefold() can triple a name
    repo: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # idea | building | shipped
    demo: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProjectUpdate(Base):
    """A progress note on a project (append-only)."""

    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    study_day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Milestone(Base):
    """A milestone a member reached; the unique key records (and announces) each once."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("member_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberPeriod(Base):
    """Leaderboard counters per member and period (``all``, ``w<monday>``, ``m<yyyy-mm>``), and
    per quiz topic's period (``<period>/<topic>``: correct answers only; see
    ``bot.domain.periods``).

    Kept in step with the ledgers in the same transaction and recomputable from them;
    ``hidden`` is copied from the member so every leaderboard query is one index range.
    """

    __tablename__ = "member_periods"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(60), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[int] = mapped_column(Integer, default=0)
    days: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)


# Each leaderboard reads one index range in order (value high to low, then the earlier member),
# and a caller's rank is a count over the same range: no sort, no table rows touched.
for _metric in (MemberPeriod.xp, MemberPeriod.days, MemberPeriod.correct):
    Index(
        f"ix_member_periods_{_metric.key}",
        MemberPeriod.community_id,
        MemberPeriod.period,
        MemberPeriod.hidden,
        _metric.desc(),
        MemberPeriod.member_id,
    )


class LadderRole(Base):
    """A Discord role a community gives members on reaching a ladder level."""

    __tablename__ = "ladder_roles"
    __table_args__ = (UniqueConstraint("community_id", "level_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    level_key: Mapped[str] = mapped_column(String(40))
    role_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
