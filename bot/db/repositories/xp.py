"""The XP ledger."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from bot.db.models import Member, XpEvent
from bot.db.repositories._base import _bump, _insert_ignore, _Repository


class XpRepository(_Repository):
    async def award(
        self,
        member: Member,
        amount: int,
        reason: str,
        source_key: str,
        at: datetime,
        day: date,
    ) -> bool:
        """Add a ledger row, the member's total and their period counters, once per
        ``source_key``; ``day`` is the member's study day the XP counts for."""
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
        if written:
            # Increment in SQL: a concurrent award to the same member is never overwritten.
            # The member row is locked here first, before the counters: taking a shared lock
            # in _bump and then this exclusive one would deadlock two concurrent awards.
            result = await self.session.execute(
                update(Member)
                .where(Member.id == member.id)
                .values(xp=Member.xp + amount)
                .returning(Member.xp)
                .execution_options(synchronize_session=False)
            )
            set_committed_value(member, "xp", int(result.scalar_one()))
            await _bump(self.session, member.id, day, xp=amount)
        return written

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

    async def total(self, member_id: int) -> int:
        stmt = select(func.coalesce(func.sum(XpEvent.amount), 0)).where(
            XpEvent.member_id == member_id
        )
        return int((await self.session.execute(stmt)).scalar_one())
