"""Quiz cards, prompts, answers, daily challenges, rounds and the groups' own questions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


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
