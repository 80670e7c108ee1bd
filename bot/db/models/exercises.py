"""Hands-on exercises (SPEC §11): every graded submission, and each member's standing per
exercise (passed once, attempts, and the FSRS card that brings a failed one back)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class ExerciseSubmission(Base):
    """One graded submission: the code as sent and what the sandbox made of it."""

    __tablename__ = "exercise_submissions"
    __table_args__ = (
        Index("ix_exercise_submissions_member_exercise", "member_id", "exercise_id"),
        Index("ix_exercise_submissions_exercise_id", "exercise_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    verdict: Mapped[str] = mapped_column(String(20))
    public_passed: Mapped[int] = mapped_column(Integer)
    public_total: Mapped[int] = mapped_column(Integer)
    hidden_passed: Mapped[int] = mapped_column(Integer)
    hidden_total: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float)
    message: Mapped[str] = mapped_column(String(500))
    code: Mapped[str] = mapped_column(Text)


class ExerciseProgress(Base):
    """A member's standing on one exercise; ``due``/``card``: the review of a failed one (FSRS),
    cleared when it is passed."""

    __tablename__ = "exercise_progress"
    __table_args__ = (
        UniqueConstraint("member_id", "exercise_id"),
        Index("ix_exercise_progress_member_due", "member_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(60))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due: Mapped[datetime | None] = mapped_column(UTCDateTime())
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON)
