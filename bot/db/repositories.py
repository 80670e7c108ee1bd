"""Repositories: the only place that writes SQL. Services call these through a unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    AuditEntry,
    CheckIn,
    Community,
    Member,
    OutboxMessage,
    ProcessedEvent,
    XpEvent,
)


async def _insert_ignore(session: AsyncSession, model: type[Any], values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was written."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(getattr(result, "rowcount", 0))


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session


class CommunityRepository(_Repository):
    async def get(self, platform: str, external_id: str) -> Community | None:
        stmt = select(Community).where(
            Community.platform == platform, Community.external_id == external_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def add(self, community: Community) -> Community:
        self.session.add(community)
        await self.session.flush()
        return community


class MemberRepository(_Repository):
    async def get(self, community_id: int, user_id: str, *, lock: bool = False) -> Member | None:
        stmt = select(Member).where(Member.community_id == community_id, Member.user_id == user_id)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def find_by_name(self, community_id: int, name: str) -> Member | None:
        stmt = select(Member).where(
            Member.community_id == community_id, func.lower(Member.name) == name.lower()
        )
        return (await self.session.execute(stmt.limit(1))).scalar_one_or_none()

    async def count(self, community_id: int) -> int:
        stmt = select(func.count()).select_from(Member).where(Member.community_id == community_id)
        return int((await self.session.execute(stmt)).scalar_one())

    async def in_community(self, community_id: int) -> Sequence[Member]:
        stmt = select(Member).where(Member.community_id == community_id).order_by(Member.id)
        return (await self.session.execute(stmt)).scalars().all()

    async def add(self, member: Member) -> Member:
        self.session.add(member)
        await self.session.flush()
        return member


class CheckinRepository(_Repository):
    async def add(
        self, member_id: int, day: date, kind: str, at: datetime, note: str | None = None
    ) -> CheckIn:
        row = CheckIn(member_id=member_id, study_day=day, kind=kind, note=note, at=at)
        self.session.add(row)
        await self.session.flush()
        return row

    async def on_day(self, member_id: int, day: date) -> CheckIn | None:
        stmt = select(CheckIn).where(CheckIn.member_id == member_id, CheckIn.study_day == day)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def history(self, member_id: int) -> Sequence[CheckIn]:
        stmt = select(CheckIn).where(CheckIn.member_id == member_id).order_by(CheckIn.study_day)
        return (await self.session.execute(stmt)).scalars().all()


class XpRepository(_Repository):
    async def award(
        self, member: Member, amount: int, reason: str, source_key: str, at: datetime
    ) -> bool:
        """Add a ledger row and the member's total, once per ``source_key``."""
        written = await _insert_ignore(
            self.session,
            XpEvent,
            {
                "member_id": member.id,
                "amount": amount,
                "reason": reason,
                "source_key": source_key,
                "at": at,
            },
        )
        if written:
            member.xp += amount
        return written

    async def total(self, member_id: int) -> int:
        stmt = select(func.coalesce(func.sum(XpEvent.amount), 0)).where(
            XpEvent.member_id == member_id
        )
        return int((await self.session.execute(stmt)).scalar_one())


class AuditRepository(_Repository):
    async def record(self, entry: AuditEntry) -> None:
        self.session.add(entry)
        await self.session.flush()


class OutboxRepository(_Repository):
    async def enqueue(self, message: OutboxMessage) -> bool:
        """Queue a post once per (community, kind, key); False when it already exists."""
        values = {
            c.key: getattr(message, c.key)
            for c in OutboxMessage.__table__.columns
            if c.key != "id" and getattr(message, c.key) is not None
        }
        return await _insert_ignore(self.session, OutboxMessage, values)


class EventRepository(_Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        """Remember a platform delivery key; False when it was seen before."""
        return await _insert_ignore(self.session, ProcessedEvent, {"key": key, "at": at})
