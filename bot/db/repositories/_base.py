"""Shared pieces of the repositories: the base class and dialect-aware inserts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, cast

from sqlalchemy import Integer, String, Table, bindparam, literal_column, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import ClauseElement

from bot.db.models import Member, MemberPeriod
from bot.domain.periods import period_keys, topic_period_keys

ERASED = "erased-member"


def _table(model: type[Any]) -> Table:
    """A mapped class's table, for Core statements (no ORM bulk semantics)."""
    return cast(Table, model.__table__)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _insert_of(dialect: str) -> Any:
    """The dialect's ``insert`` (both have ON CONFLICT)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


# The hot path's statements are built once per dialect and shape, with bound parameters, and
# reused: building one costs more Python than SQLite spends running it (issue 11), and a
# reused statement object keeps its cache key, so SQLAlchemy skips straight to its compiled
# form. Values always travel as parameters.


@cache
def _insert_ignore_statement(dialect: str, table: Table, returning: str | None = None) -> Any:
    """INSERT … ON CONFLICT DO NOTHING into ``table``, optionally RETURNING one column."""
    stmt = _insert_of(dialect)(table).on_conflict_do_nothing()
    return stmt.returning(table.c[returning]) if returning else stmt


async def _insert_ignore(session: AsyncSession, model: type[Any], values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was written."""
    stmt = _insert_ignore_statement(_dialect(session), _table(model))
    result = await session.execute(stmt, values)
    return bool(getattr(result, "rowcount", 0))


@cache
def _share_lock_statement() -> Any:
    return select(Member.id).where(Member.id == bindparam("member_id")).with_for_update(read=True)


@cache
def _bump_statement(dialect: str, periods: int, topic_periods: int = 0) -> Any:
    """INSERT … SELECT … ON CONFLICT adding to a member's counters of ``periods`` periods and
    ``topic_periods`` topic periods after them; parameters ``member_id``, ``period_0`` …,
    ``xp``, ``days``, ``correct``. A topic counter only counts correct answers: its rows
    select a literal 0 for xp and days."""
    zero = literal_column("0", Integer)
    rows = union_all(
        *(
            select(
                Member.id,
                bindparam(f"period_{i}", type_=String),
                Member.community_id,
                Member.hidden,
                bindparam("xp", type_=Integer) if i < periods else zero,
                bindparam("days", type_=Integer) if i < periods else zero,
                bindparam("correct", type_=Integer),
            ).where(Member.id == bindparam("member_id"))
            for i in range(periods + topic_periods)
        )
    )
    columns = ["member_id", "period", "community_id", "hidden", "xp", "days", "correct"]
    table = _table(MemberPeriod)
    stmt = _insert_of(dialect)(table).from_select(columns, rows)
    return stmt.on_conflict_do_update(
        index_elements=["member_id", "period"],
        set_={c: table.c[c] + stmt.excluded[c] for c in ("xp", "days", "correct")},
    )


async def _bump(
    session: AsyncSession,
    member_id: int,
    day: date,
    *,
    xp: int = 0,
    days: int = 0,
    correct: int = 0,
    topic: str | None = None,
    locked: bool = False,
) -> None:
    """Add to the member's leaderboard counters of every period ``day`` falls in, and with
    ``topic`` the correct answers to that topic's counters of the same periods too.

    One INSERT … SELECT … ON CONFLICT: community and visibility come from the member row,
    and concurrent bumps add up instead of overwriting each other. ``locked``: this
    transaction already holds the member row exclusively (it updated it).
    """
    dialect = _dialect(session)
    if not locked and dialect == "postgresql":
        # Hold the member row against a concurrent /me hide until this transaction ends, so
        # the hidden flag copied below can never go stale (SQLite runs one writer at a time).
        await session.execute(_share_lock_statement(), {"member_id": member_id})
    keys = period_keys(day)
    topic_keys = topic_period_keys(day, topic) if topic is not None and correct > 0 else ()
    params: dict[str, Any] = {"member_id": member_id, "xp": xp, "days": days, "correct": correct}
    params.update((f"period_{i}", key) for i, key in enumerate((*keys, *topic_keys)))
    await session.execute(_bump_statement(dialect, len(keys), len(topic_keys)), params)


@cache
def _credit_statement(increments: tuple[str, ...], sets: tuple[str, ...]) -> Any:
    """UPDATE members adding ``inc_<column>`` to each of ``increments`` and setting each of
    ``sets`` to ``set_<column>``, RETURNING them in that order; ``member_id`` picks the row."""
    table = _table(Member)
    values: dict[str, Any] = {c: table.c[c] + bindparam(f"inc_{c}") for c in increments}
    values.update((c, bindparam(f"set_{c}", type_=table.c[c].type)) for c in sets)
    return (
        update(table)
        .where(table.c.id == bindparam("member_id"))
        .values(values)
        .returning(*(table.c[c] for c in (*increments, *sets)))
    )


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
    topic: str | None = None,
    values: Mapping[str, Any] | None = None,
) -> None:
    """Add to a member's counters and to their leaderboard counters of ``day``'s periods
    (and, for correct answers in quiz ``topic``, to that topic's counters).

    At most two statements: one UPDATE of the member row (increments in SQL, so concurrent
    credits add up; ``values`` are set as given, and may be SQL expressions) returning what
    it changed into ``member``, then one upsert of the period counters. The member row is
    locked first, before the counters: taking a shared lock in ``_bump`` and then an
    exclusive one would deadlock two concurrent credits on Postgres.
    """
    increments = {
        column: amount
        for column, amount in (
            ("xp", xp),
            ("correct_answers", correct),
            ("mastered_topics", mastered),
            ("shipped_projects", shipped),
        )
        if amount
    }
    sets: dict[str, Any] = dict(values or {})
    if mastered:
        sets["milestones_digest"] = None  # which topics are mastered changed: review in full
    if increments or sets:
        if any(isinstance(v, ClauseElement) for v in sets.values()):
            returned = await _credit_expressions(session, member.id, increments, sets)
        else:
            stmt = _credit_statement(tuple(increments), tuple(sets))
            params = {"member_id": member.id}
            params.update((f"inc_{c}", v) for c, v in increments.items())
            params.update((f"set_{c}", v) for c, v in sets.items())
            row = (await session.execute(stmt, params)).one()
            returned = dict(zip((*increments, *sets), row, strict=True))
        for column, value in returned.items():
            set_committed_value(member, column, value)
    if xp or days or correct:
        locked = bool(increments or sets)
        await _bump(
            session,
            member.id,
            day,
            xp=xp,
            days=days,
            correct=correct,
            topic=topic,
            locked=locked,
        )


async def _credit_expressions(
    session: AsyncSession, member_id: int, increments: dict[str, int], sets: dict[str, Any]
) -> dict[str, Any]:
    """``_credit``'s UPDATE when some values are SQL expressions: built for the call."""
    values = {c: getattr(Member, c) + amount for c, amount in increments.items()}
    values.update(sets)
    result = await session.execute(
        update(Member)
        .where(Member.id == member_id)
        .values(values)
        .returning(*(getattr(Member, column) for column in values))
        .execution_options(synchronize_session=False)
    )
    return dict(zip(values, result.one(), strict=True))


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
