"""Study pairs (SPEC §12): who joined, the rounds held and who met whom."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class PairSignup(Base):
    """A member who joined the study pairs (``/pair join``), weekly or biweekly."""

    __tablename__ = "pair_signups"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    cadence: Mapped[str] = mapped_column(String(8))  # weekly | biweekly
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PairSetting(Base):
    """A community's pairing switch (``/admin pair pause|resume``); no row: pairing runs."""

    __tablename__ = "pair_settings"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    paused: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PairRound(Base):
    """One round of a community, held once per ``key`` (its Monday's date, or ``now:…`` for
    ``/admin pair now``); ``checked``: its Thursday question was queued."""

    __tablename__ = "pair_rounds"
    __table_args__ = (UniqueConstraint("community_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)  # 1 for a community's first round
    held_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checked: Mapped[bool] = mapped_column(Boolean, default=False)


class PairMatch(Base):
    """A member's place in a round: the group (pair or trio) they were in, and their answer
    to "Did you meet?" (yes, notyet, skip; NULL: not answered)."""

    __tablename__ = "pair_matches"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pair_rounds.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    group_no: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
