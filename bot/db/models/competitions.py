"""Competitions (SPEC §11, issue 17): each opening of a competition in a community, and every
valid submission's scores and hash (never the file)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class CompetitionRun(Base):
    """A competition opened in a community: its data is built from the content's seed and this
    opening's ``salt`` (random, kept only here), so the repository alone cannot rebuild it."""

    __tablename__ = "competitions"
    __table_args__ = (Index("ix_competitions_community_closed", "community_id", "closed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    competition_id: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    salt: Mapped[str] = mapped_column(String(64))


class CompetitionSubmission(Base):
    """One valid submission: its public and private scores and the file's SHA-256."""

    __tablename__ = "competition_submissions"
    __table_args__ = (
        Index("ix_competition_submissions_run_member", "run_id", "member_id", "day"),
        Index("ix_competition_submissions_member_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)  # the member's study day, for the daily limit
    public_score: Mapped[float] = mapped_column(Float)
    private_score: Mapped[float] = mapped_column(Float)
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    final: Mapped[bool] = mapped_column(Boolean, default=False)
