"""Shared pieces of the repositories: the base class and dialect-aware inserts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import literal, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.db.models import Member, MemberPeriod
from bot.domain.periods import period_keys

ERASED = "erased-member"


async def _insert_ignore(session: AsyncSession, model: type[Any], values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was written."""
    insert = _dialect_insert(session)
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(getattr(result, "rowcount", 0))


def _dialect_insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def _bump(
    session: AsyncSession,
    member_id: int,
    day: date,
    *,
    xp: int = 0,
    days: int = 0,
    correct: int = 0,
    locked: bool = False,
) -> None:
    """Add to the member's leaderboard counters of every period ``day`` falls in.

    One INSERT … SELECT … ON CONFLICT: community and visibility come from the member row,
    and concurrent bumps add up instead of overwriting each other. ``locked``: this
    transaction already holds the member row exclusively (it updated it).
    """
    if not locked and session.get_bind().dialect.name == "postgresql":
        # Hold the member row against a concurrent /me hide until this transaction ends, so
        # the hidden flag copied below can never go stale (SQLite runs one writer at a time).
        await session.execute(
            select(Member.id).where(Member.id == member_id).with_for_update(read=True)
        )
    rows = union_all(
        *(
            select(
                Member.id,
                literal(key),
                Member.community_id,
                Member.hidden,
                literal(xp),
                literal(days),
                literal(correct),
            ).where(Member.id == member_id)
            for key in period_keys(day)
        )
    )
    columns = ["member_id", "period", "community_id", "hidden", "xp", "days", "correct"]
    stmt = _dialect_insert(session)(MemberPeriod).from_select(columns, rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["member_id", "period"],
        set_={
            "xp": MemberPeriod.xp + stmt.excluded.xp,
            "days": MemberPeriod.days + stmt.excluded.days,
            "correct": MemberPeriod.correct + stmt.excluded.correct,
        },
    )
    await session.execute(stmt)


async def _credit(
    session: AsyncSession,
    member: Member,
    day: date,
    *,
    xp: int = 0,
    days: int = 0,
    correct: int = 0,
    mastered: int = 0,
    shipped: int = 0,
    values: Mapping[str, Any] | None = None,
) -> None:
    """Add to a member's counters and to their leaderboard counters of ``day``'s periods.

    At most two statements: one UPDATE of the member row (increments in SQL, so concurrent
    credits add up; ``values`` are set as given, and may be SQL expressions) returning what
    it changed into ``member``, then one upsert of the period counters. The member row is
    locked first, before the counters: taking a shared lock in ``_bump`` and then an
    exclusive one would deadlock two concurrent credits on Postgres.
    """
    sets: dict[str, Any] = dict(values or {})
    for column, amount in (
        ("xp", xp),
        ("correct_answers", correct),
        ("mastered_topics", mastered),
        ("shipped_projects", shipped),
    ):
        if amount:
            sets[column] = getattr(Member, column) + amount
    if mastered:
        sets["milestones_digest"] = None  # which topics are mastered changed: review in full
    if sets:
        result = await session.execute(
            update(Member)
            .where(Member.id == member.id)
            .values(sets)
            .returning(*(getattr(Member, column) for column in sets))
            .execution_options(synchronize_session=False)
        )
        for column, value in zip(sets, result.one(), strict=True):
            set_committed_value(member, column, value)
    if xp or days or correct:
        await _bump(session, member.id, day, xp=xp, days=days, correct=correct, locked=bool(sets))


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
