"""The XP ledger."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select

from bot.db.models import Member, XpEvent
from bot.db.repositories._base import _credit, _insert_ignore, _Repository


class XpRepository(_Repository):
    async def award(
        self,
        member: Member,
        amount: int,
        reason: str,
        source_key: str,
        at: datetime,
        day: date,
        *,
        days: int = 0,
        correct: int = 0,
        mastered: int = 0,
        shipped: int = 0,
        topic: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> bool:
        """Add a ledger row, the member's total and their period counters, once per
        ``source_key``; ``day`` is the member's study day the XP counts for. ``topic``: the
        quiz topic of an answer's ``correct``, for that topic's boards.

        The other counters (``_credit``) change with it in the same two statements, whether
        or not the ledger row was new: a check-in's streak and day, an answer's evidence.
        """
        written = await _insert_ignore(
            self.session,
            XpEvent,
            {
                "member_id": member.id,
                "amount": amount,
                "reason": reason,
                "source_key": source_key,
                "at": at,
                "study_day": day,
            },
        )
        await _credit(
            self.session,
            member,
            day,
            xp=amount if written else 0,
            days=days,
            correct=correct,
            mastered=mastered,
            shipped=shipped,
            topic=topic,
            values=values,
        )
        return written

    @staticmethod
    def practice_counter(member: Member, day: date, xp: int) -> dict[str, Any]:
        """Member values (for ``award``) that add ``xp`` to the member's practice XP of study
        day ``day`` (the daily cap), in SQL so concurrent answers add up. The member keeps
        the latest such day; an earlier one (a timezone change) leaves it alone."""
        if member.practice_day is not None and day < member.practice_day:
            return {}
        return {
            "practice_day": day,
            "practice_xp": case((Member.practice_day == day, Member.practice_xp + xp), else_=xp),
        }

    async def earned(self, member_id: int, reason: str, key_prefix: str) -> int:
        """XP of one reason whose source keys start with ``key_prefix`` (e.g. one study day)."""
        stmt = select(func.coalesce(func.sum(XpEvent.amount), 0)).where(
            XpEvent.member_id == member_id,
            XpEvent.reason == reason,
            XpEvent.source_key.startswith(key_prefix, autoescape=True),
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def count_since(self, member_id: int, reason: str, first_day: date) -> int:
        """Ledger rows of one reason earned on or after a study day (weekly caps)."""
        stmt = select(func.count()).where(
            XpEvent.member_id == member_id,
            XpEvent.reason == reason,
            XpEvent.study_day >= first_day,
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def by_source(
        self, member_id: int, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> Sequence[XpEvent]:
        """The member's ledger rows whose source key is one of ``keys`` or starts with one of
        ``prefixes``, oldest first (what one project earned, to withdraw it)."""
        wanted: list[ColumnElement[bool]] = [XpEvent.source_key.in_(list(keys))] if keys else []
        wanted += [XpEvent.source_key.startswith(p, autoescape=True) for p in prefixes]
        if not wanted:
            return []
        stmt = (
            select(XpEvent).where(XpEvent.member_id == member_id, or_(*wanted)).order_by(XpEvent.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def total(self, member_id: int) -> int:
        stmt = select(func.coalesce(func.sum(XpEvent.amount), 0)).where(
            XpEvent.member_id == member_id
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def ledger(self, member_id: int) -> Sequence[XpEvent]:
        """The member's ledger rows, oldest first (the export; readers only)."""
        stmt = select(XpEvent).where(XpEvent.member_id == member_id).order_by(XpEvent.id)
        return (await self.session.execute(stmt)).scalars().all()
