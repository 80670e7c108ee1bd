"""The schema. Change it only together with an Alembic migration in migrations/versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.db.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


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
            "streak_anchor",
            "freezes",
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Ladder evidence, kept with the answers and projects in the same transaction (in SQL, so
    # concurrent changes add up) and recomputable from them: no history scan on the hot path.
    correct_answers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mastered_topics: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shipped_projects: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
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
    __table_args__ = (UniqueConstraint("member_id", "study_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    study_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # checkin | freeze | restore | repair
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class AuditEntry(Base):
    """Who did what, when and why — admin actions, refused attempts included."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_community_at", "community_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    actor_user_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))  # ok | refused
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """A post to deliver, created in the same transaction as the state it announces."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("community_id", "kind", "key"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending|sending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProcessedEvent(Base):
    """Keys of platform deliveries already handled (Slack retries, double clicks)."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuizCard(Base):
    """One FSRS card per (member, question); ``due`` is copied out of the card for the index."""

    __tablename__ = "quiz_cards"
    __table_args__ = (
        UniqueConstraint("member_id", "question_id"),
        Index("ix_quiz_cards_member_due", "member_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    card: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuizPrompt(Base):
    """A practice question shown to one member; its buttons carry the prompt id."""

    __tablename__ = "quiz_prompts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuizAnswer(Base):
    """Every graded answer (practice, challenge, round); ``source_key`` makes each count once."""

    __tablename__ = "quiz_answers"
    __table_args__ = (
        UniqueConstraint("member_id", "source_key"),
        Index("ix_quiz_answers_member_topic_at", "member_id", "topic", "at"),
        Index("ix_quiz_answers_source_key", "source_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    topic: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(12))  # practice | challenge | round
    choice: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    study_day: Mapped[date] = mapped_column(Date)
    source_key: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Challenge(Base):
    """The daily challenge question of a community for one local date."""

    __tablename__ = "quiz_challenges"
    __table_args__ = (UniqueConstraint("community_id", "local_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    question_id: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuizRound(Base):
    """A live group round in one channel; at most one is running per channel."""

    __tablename__ = "quiz_rounds"
    __table_args__ = (
        Index(
            "ux_quiz_rounds_running_channel",
            "community_id",
            "channel_id",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(64))
    started_by: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12))  # running | finished | aborted | stopped
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seconds: Mapped[int] = mapped_column(Integer)
    current: Mapped[int] = mapped_column(Integer, default=0)
    question_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RoundAnswer(Base):
    """One member's answer to one question of a round; the first one counts."""

    __tablename__ = "quiz_round_answers"
    __table_args__ = (UniqueConstraint("round_id", "question_index", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("quiz_rounds.id", ondelete="CASCADE"))
    question_index: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    choice: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class DisabledQuestion(Base):
    """A shipped question a community's moderators took out of its bank."""

    __tablename__ = "quiz_disabled"
    __table_args__ = (UniqueConstraint("community_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class CustomQuestion(Base):
    """A question a community's moderators added or imported, validated like the bank's."""

    __tablename__ = "custom_questions"
    __table_args__ = (UniqueConstraint("community_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    topic: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
