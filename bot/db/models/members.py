"""Communities, members and their append-only streak and XP history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class Community(Base):
    """A Discord guild, Slack workspace or console community."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    day_start: Mapped[str] = mapped_column(String(5), default="00:00")
    post_time: Mapped[str] = mapped_column(String(5), default="09:00")
    channel_id: Mapped[str | None] = mapped_column(String(64))
    roadmap_start: Mapped[date | None] = mapped_column(Date)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    members: Mapped[list[Member]] = relationship(back_populates="community")


class Member(Base):
    """One person in one community, with their stored streak counters."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("community_id", "user_id"),
        # The streak leaderboard: live streaks in order, without touching the rows.
        Index(
            "ix_members_streak",
            "community_id",
            "hidden",
            "streak_current",
            "streak_ends_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str | None] = mapped_column(String(64))
    platform_timezone: Mapped[str | None] = mapped_column(String(64))
    is_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    remind_at: Mapped[str | None] = mapped_column(String(5))  # HH:MM local, streak-at-risk nudge
    track: Mapped[str | None] = mapped_column(String(16))  # career track chosen after the ladder
    xp: Mapped[int] = mapped_column(Integer, default=0)
    streak_current: Mapped[int] = mapped_column(Integer, default=0)
    streak_longest: Mapped[int] = mapped_column(Integer, default=0)
    freezes: Mapped[int] = mapped_column(Integer, default=0)
    last_study_day: Mapped[date | None] = mapped_column(Date)
    # ``last_study_day`` moved on by the days on hold since (``Streak.anchor``): liveness is
    # counted from here; and the last day of the latest hold (on hold while it is not past).
    streak_anchor: Mapped[date | None] = mapped_column(Date)
    hold_until: Mapped[date | None] = mapped_column(Date)
    # The instant the streak stops being alive in the member's own timezone (the start of study
    # day anchor + 2 + freezes; ``bot.domain.streaks.streak_ends_at``): liveness in one compare.
    streak_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Ladder evidence, kept with the answers and projects in the same transaction (in SQL, so
    # concurrent changes add up) and recomputable from them: no history scan on the hot path.
    correct_answers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mastered_topics: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shipped_projects: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    exercises_passed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Practice XP of the latest study day with practice XP (the daily cap, without the ledger).
    practice_day: Mapped[date | None] = mapped_column(Date)
    practice_xp: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A digest of the milestone candidates at the last full review (NULL: review in full next
    # time); a review whose candidates have the same digest has nothing new to record.
    milestones_digest: Mapped[int | None] = mapped_column(BigInteger, default=0)

    community: Mapped[Community] = relationship(back_populates="members")


class MemberTopic(Base):
    """A member's running quiz counts in one topic (``bot.domain.quiz.TopicTally``), kept in
    the same transaction as each answer and recomputable from ``quiz_answers``."""

    __tablename__ = "member_topics"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(40), primary_key=True)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    recent: Mapped[int] = mapped_column(Integer, default=0)  # newest result in bit 0


class CheckIn(Base):
    """Append-only history: one row per member per credited or frozen study day."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("member_id", "study_day"),
        # The dashboard's roadmap funnel: each member's furthest day in one seek (0013).
        Index("ix_checkins_member_roadmap", "member_id", "kind", "roadmap_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    study_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # checkin | freeze | restore | repair
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A check-in's roadmap day as it was when it was made (``bot.domain.roadmap.day_on_roadmap``
    # of its study day); NULL when the group had no roadmap day then, and on the other kinds.
    # ``/admin roadmap-day`` moves the group, never what members already studied.
    roadmap_day: Mapped[int | None] = mapped_column(Integer)


class StreakHold(Base):
    """A member's streak on hold (vacation mode) from ``first_day`` to ``last_day``, both
    included; a hold ended early keeps only the days before it ended."""

    __tablename__ = "streak_holds"
    __table_args__ = (UniqueConstraint("member_id", "first_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class XpEvent(Base):
    """Append-only XP ledger; ``source_key`` makes every award idempotent."""

    __tablename__ = "xp_events"
    __table_args__ = (UniqueConstraint("member_id", "source_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))
    source_key: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The member's study day when earned: leaderboard weeks and months are counted by it.
    study_day: Mapped[date | None] = mapped_column(Date)
