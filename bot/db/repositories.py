"""Repositories: the only place that writes SQL. Services call these through a unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, delete, func, literal, or_, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.db.models import (
    AuditEntry,
    Challenge,
    CheckIn,
    Community,
    CustomQuestion,
    DisabledQuestion,
    LadderRole,
    Member,
    MemberPeriod,
    Milestone,
    OutboxMessage,
    ProcessedEvent,
    Project,
    ProjectUpdate,
    QuizAnswer,
    QuizCard,
    QuizPrompt,
    QuizRound,
    RoundAnswer,
    XpEvent,
)
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
) -> None:
    """Add to the member's leaderboard counters of every period ``day`` falls in.

    One INSERT … SELECT … ON CONFLICT: community and visibility come from the member row,
    and concurrent bumps add up instead of overwriting each other.
    """
    if session.get_bind().dialect.name == "postgresql":
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

    async def all_scheduled(self) -> Sequence[Community]:
        """Communities with a channel and a start date that are not paused."""
        stmt = select(Community).where(
            Community.roadmap_start.is_not(None),
            Community.channel_id.is_not(None),
            Community.paused.is_(False),
        )
        return (await self.session.execute(stmt.order_by(Community.id))).scalars().all()

    async def by_id(self, community_id: int) -> Community | None:
        return await self.session.get(Community, community_id)


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

    async def erase(self, member: Member, community_id: int) -> None:
        """Delete a member and everything that cascades from them; scrub their id from the
        audit log and drop their queued posts (reminders, milestones, projects, roles)."""
        user_id = member.user_id
        entries = await self.session.execute(
            select(AuditEntry).where(AuditEntry.community_id == community_id)
        )
        for entry in entries.scalars():
            if entry.actor_user_id == user_id:
                entry.actor_user_id = ERASED
            if any(value == user_id for value in entry.detail.values()):
                entry.detail = {k: ERASED if v == user_id else v for k, v in entry.detail.items()}
        await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.community_id == community_id,
                OutboxMessage.kind.in_(("remind", "milestone", "project", "role")),
                OutboxMessage.key.startswith(f"{user_id}:", autoescape=True),
            )
        )
        await self.session.execute(
            update(QuizRound)
            .where(QuizRound.community_id == community_id, QuizRound.started_by == user_id)
            .values(started_by=ERASED)
        )
        await self.session.delete(member)
        await self.session.flush()

    async def with_reminders(self) -> Sequence[tuple[Member, Community]]:
        """Members who asked for streak reminders, in communities that are not paused."""
        stmt = (
            select(Member, Community)
            .join(Community, Community.id == Member.community_id)
            .where(Member.remind_at.is_not(None), Community.paused.is_(False))
        )
        return [(m, c) for m, c in (await self.session.execute(stmt)).all()]


class CheckinRepository(_Repository):
    async def add(
        self, member_id: int, day: date, kind: str, at: datetime, note: str | None = None
    ) -> CheckIn:
        row = CheckIn(member_id=member_id, study_day=day, kind=kind, note=note, at=at)
        self.session.add(row)
        await self.session.flush()
        if kind != "freeze":  # a freeze keeps a streak alive; it is not a day studied
            await _bump(self.session, member_id, day, days=1)
        return row

    async def replace_freezes(self, member_id: int, days: Sequence[date], at: datetime) -> None:
        """Freeze rows are derived from the credited days; after an audited restore they are
        rewritten to match the recomputation."""
        await self.session.execute(
            delete(CheckIn).where(CheckIn.member_id == member_id, CheckIn.kind == "freeze")
        )
        for day in days:
            self.session.add(CheckIn(member_id=member_id, study_day=day, kind="freeze", at=at))
        await self.session.flush()

    async def on_day(self, member_id: int, day: date) -> CheckIn | None:
        stmt = select(CheckIn).where(CheckIn.member_id == member_id, CheckIn.study_day == day)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def counts_between(
        self, community_id: int, first: date, last: date
    ) -> list[tuple[str, int]]:
        """(name, credited days) per visible member between two study days, most first."""
        days = func.count(CheckIn.id)
        stmt = (
            select(Member.name, days)
            .join(Member, Member.id == CheckIn.member_id)
            .where(
                Member.community_id == community_id,
                Member.hidden.is_(False),
                CheckIn.kind == "checkin",
                CheckIn.study_day.between(first, last),
            )
            .group_by(Member.id, Member.name)
            .order_by(days.desc(), Member.name)
        )
        return [(name, int(n)) for name, n in (await self.session.execute(stmt)).all()]

    async def per_day(self, community_id: int, first: date, last: date) -> dict[date, int]:
        """Credited check-ins per study day in a community."""
        stmt = (
            select(CheckIn.study_day, func.count(CheckIn.id))
            .join(Member, Member.id == CheckIn.member_id)
            .where(
                Member.community_id == community_id,
                CheckIn.kind == "checkin",
                CheckIn.study_day.between(first, last),
            )
            .group_by(CheckIn.study_day)
        )
        return {day: int(n) for day, n in (await self.session.execute(stmt)).all()}

    async def active_members(self, community_id: int, since: date) -> int:
        stmt = (
            select(func.count(func.distinct(CheckIn.member_id)))
            .join(Member, Member.id == CheckIn.member_id)
            .where(
                Member.community_id == community_id,
                CheckIn.kind == "checkin",
                CheckIn.study_day >= since,
            )
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def history(self, member_id: int) -> Sequence[CheckIn]:
        stmt = select(CheckIn).where(CheckIn.member_id == member_id).order_by(CheckIn.study_day)
        return (await self.session.execute(stmt)).scalars().all()


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


class AuditRepository(_Repository):
    async def record(self, entry: AuditEntry) -> None:
        self.session.add(entry)
        await self.session.flush()

    async def latest(self, community_id: int, limit: int) -> Sequence[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.community_id == community_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()


@dataclass(frozen=True, slots=True)
class Claimed:
    """An outbox row a worker holds the lease on."""

    id: int
    platform: str
    community: str  # external id
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


class OutboxRepository(_Repository):
    async def claim(
        self,
        worker: str,
        platforms: list[str],
        now: datetime,
        lease_expired_before: datetime,
        limit: int,
    ) -> list[Claimed]:
        """Claim due rows for ``worker`` (Postgres: FOR UPDATE SKIP LOCKED; SQLite: write lock)."""
        due = or_(
            and_(OutboxMessage.status == "pending", OutboxMessage.not_before <= now),
            and_(
                OutboxMessage.status == "sending", OutboxMessage.claimed_at < lease_expired_before
            ),
        )
        stmt = (
            select(OutboxMessage, Community.platform, Community.external_id)
            .join(Community, Community.id == OutboxMessage.community_id)
            .where(due, Community.platform.in_(platforms))
            .order_by(OutboxMessage.not_before, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
        claimed = []
        for row, platform, external in (await self.session.execute(stmt)).all():
            row.status, row.claimed_by, row.claimed_at = "sending", worker, now
            row.attempts += 1
            claimed.append(
                Claimed(row.id, platform, external, dict(row.payload), row.attempts, row.created_at)
            )
        await self.session.flush()
        return claimed

    async def claim_one(self, worker: str, row_id: int, now: datetime) -> Claimed | None:
        """Claim one pending row by id (a live round's question must not queue behind others)."""
        stmt = (
            select(OutboxMessage, Community.platform, Community.external_id)
            .join(Community, Community.id == OutboxMessage.community_id)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == "pending")
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
        found = (await self.session.execute(stmt)).first()
        if found is None:
            return None
        row, platform, external = found
        row.status, row.claimed_by, row.claimed_at = "sending", worker, now
        row.attempts += 1
        await self.session.flush()
        return Claimed(row.id, platform, external, dict(row.payload), row.attempts, row.created_at)

    async def mark_sent(self, row_id: int, message_id: str, now: datetime) -> None:
        """The platform accepted the post: sent, whoever holds the lease now (fewer resends)."""
        row = await self.session.get(OutboxMessage, row_id, with_for_update=True)
        if row is not None and row.status != "sent":
            row.status, row.message_id, row.sent_at = "sent", message_id[:64], now

    async def _held_by(self, row_id: int, worker: str) -> OutboxMessage | None:
        """The row, if ``worker`` still holds its lease (a stale worker must not release it)."""
        row = await self.session.get(OutboxMessage, row_id, with_for_update=True)
        if row is None or row.status != "sending" or row.claimed_by != worker:
            return None
        return row

    async def mark_failed(self, row_id: int, worker: str, reason: str) -> None:
        row = await self._held_by(row_id, worker)
        if row is not None:
            row.status, row.last_error = "failed", reason[:2000]

    async def retry_later(self, row_id: int, worker: str, reason: str, when: datetime) -> None:
        row = await self._held_by(row_id, worker)
        if row is not None:
            row.status, row.not_before, row.last_error = "pending", when, reason[:2000]

    async def exists(self, community_id: int, kind: str, key: str) -> bool:
        stmt = select(OutboxMessage.id).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key == key,
        )
        return (await self.session.execute(stmt)).first() is not None

    async def find(self, community_id: int, kind: str, key: str) -> OutboxMessage | None:
        stmt = select(OutboxMessage).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key == key,
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

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


class QuizRepository(_Repository):
    async def cards(self, member_id: int) -> dict[str, QuizCard]:
        stmt = select(QuizCard).where(QuizCard.member_id == member_id)
        return {c.question_id: c for c in (await self.session.execute(stmt)).scalars()}

    async def card(self, member_id: int, question_id: str) -> QuizCard | None:
        stmt = select(QuizCard).where(
            QuizCard.member_id == member_id, QuizCard.question_id == question_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def due_cards(self, member_id: int, now: datetime) -> Sequence[tuple[str, datetime]]:
        """(question, due) of the member's cards due by ``now``, earliest first."""
        stmt = (
            select(QuizCard.question_id, QuizCard.due)
            .where(QuizCard.member_id == member_id, QuizCard.due <= now)
            .order_by(QuizCard.due)
        )
        return [(q, d) for q, d in (await self.session.execute(stmt)).all()]

    async def carded(self, member_id: int) -> Sequence[tuple[str, datetime]]:
        stmt = select(QuizCard.question_id, QuizCard.due).where(QuizCard.member_id == member_id)
        return [(q, d) for q, d in (await self.session.execute(stmt)).all()]

    def add(self, row: object) -> None:
        self.session.add(row)

    async def flush(self) -> None:
        await self.session.flush()

    async def prompt(self, prompt_id: int) -> QuizPrompt | None:
        return await self.session.get(QuizPrompt, prompt_id, with_for_update=True)

    async def record_answer(self, values: dict[str, Any]) -> bool:
        """Store a graded answer once per (member, source key); False when it already was."""
        written = await _insert_ignore(self.session, QuizAnswer, values)
        if written and values["correct"]:
            await _bump(self.session, values["member_id"], values["study_day"], correct=1)
        return written

    async def answer_history(self, member_id: int) -> Sequence[tuple[str, bool]]:
        """(topic, correct) of every answer, newest first."""
        stmt = (
            select(QuizAnswer.topic, QuizAnswer.correct)
            .where(QuizAnswer.member_id == member_id)
            .order_by(QuizAnswer.at.desc(), QuizAnswer.id.desc())
        )
        return [(t, c) for t, c in (await self.session.execute(stmt)).all()]

    async def disabled(self, community_id: int) -> set[str]:
        stmt = select(DisabledQuestion.question_id).where(
            DisabledQuestion.community_id == community_id
        )
        return set((await self.session.execute(stmt)).scalars())

    async def set_disabled(
        self, community_id: int, question_id: str, disabled: bool, now: datetime
    ) -> bool:
        """True when this changed anything."""
        if disabled:
            values = {"community_id": community_id, "question_id": question_id, "at": now}
            return await _insert_ignore(self.session, DisabledQuestion, values)
        result = await self.session.execute(
            delete(DisabledQuestion).where(
                DisabledQuestion.community_id == community_id,
                DisabledQuestion.question_id == question_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def accuracy_by_topic(self, community_id: int) -> list[tuple[str, int, int]]:
        """(topic, answers, correct) over the whole community, most answered first."""
        answers = func.count(QuizAnswer.id)
        correct = func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0)
        stmt = (
            select(QuizAnswer.topic, answers, correct)
            .join(Member, Member.id == QuizAnswer.member_id)
            .where(Member.community_id == community_id)
            .group_by(QuizAnswer.topic)
            .order_by(answers.desc(), QuizAnswer.topic)
        )
        return [(t, int(a), int(c)) for t, a, c in (await self.session.execute(stmt)).all()]

    async def challenge(self, community_id: int, day: date) -> Challenge | None:
        stmt = select(Challenge).where(
            Challenge.community_id == community_id, Challenge.local_date == day
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def challenge_by_id(self, challenge_id: int) -> Challenge | None:
        return await self.session.get(Challenge, challenge_id)

    async def used_challenge_questions(self, community_id: int) -> set[str]:
        stmt = select(Challenge.question_id).where(Challenge.community_id == community_id)
        return set((await self.session.execute(stmt)).scalars())

    async def add_challenge(self, challenge: Challenge) -> bool:
        return await _insert_ignore(
            self.session,
            Challenge,
            {
                "community_id": challenge.community_id,
                "local_date": challenge.local_date,
                "question_id": challenge.question_id,
                "created_at": challenge.created_at,
            },
        )

    async def challenge_results(self, challenge_id: int) -> tuple[int, int]:
        """(answers, correct answers) to one challenge."""
        stmt = select(
            func.count(), func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0)
        ).where(QuizAnswer.source_key == f"challenge:{challenge_id}")
        total, correct = (await self.session.execute(stmt)).one()
        return int(total), int(correct)

    async def running_round(self, community_id: int, channel_id: str) -> QuizRound | None:
        stmt = select(QuizRound).where(
            QuizRound.community_id == community_id,
            QuizRound.channel_id == channel_id,
            QuizRound.status == "running",
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def running_rounds(self, platform: str) -> Sequence[tuple[QuizRound, str]]:
        """Rounds still running on a platform, with their community's external id."""
        stmt = (
            select(QuizRound, Community.external_id)
            .join(Community, Community.id == QuizRound.community_id)
            .where(QuizRound.status == "running", Community.platform == platform)
        )
        return [(r, c) for r, c in (await self.session.execute(stmt)).all()]

    async def round(self, round_id: int, *, lock: bool = False) -> QuizRound | None:
        return await self.session.get(QuizRound, round_id, with_for_update=lock)

    async def add_round_answer(self, values: dict[str, Any]) -> bool:
        return await _insert_ignore(self.session, RoundAnswer, values)

    async def round_answers(self, round_id: int) -> Sequence[tuple[int, RoundAnswer, Member]]:
        stmt = (
            select(RoundAnswer.question_index, RoundAnswer, Member)
            .join(Member, Member.id == RoundAnswer.member_id)
            .where(RoundAnswer.round_id == round_id)
            .order_by(RoundAnswer.question_index, RoundAnswer.at, RoundAnswer.id)
        )
        return [(i, a, m) for i, a, m in (await self.session.execute(stmt)).all()]


@dataclass(frozen=True, slots=True)
class Standing:
    member_id: int
    name: str
    value: int


METRIC_COLUMNS = {"xp": MemberPeriod.xp, "days": MemberPeriod.days, "correct": MemberPeriod.correct}


class StandingsRepository(_Repository):
    """Leaderboards: each query is one range of a ``member_periods`` or ``members`` index."""

    async def top(self, community_id: int, period: str, metric: str, limit: int) -> list[Standing]:
        column = METRIC_COLUMNS[metric]
        stmt = (
            select(MemberPeriod.member_id, Member.name, column)
            .join(Member, Member.id == MemberPeriod.member_id)
            .where(
                MemberPeriod.community_id == community_id,
                MemberPeriod.period == period,
                MemberPeriod.hidden.is_(False),
                column > 0,
            )
            .order_by(column.desc(), MemberPeriod.member_id)
            .limit(limit)
        )
        return [Standing(m, n, int(v)) for m, n, v in (await self.session.execute(stmt)).all()]

    async def value(self, member_id: int, period: str, metric: str) -> int:
        column = METRIC_COLUMNS[metric]
        stmt = select(column).where(
            MemberPeriod.member_id == member_id, MemberPeriod.period == period
        )
        return int((await self.session.execute(stmt)).scalar_one_or_none() or 0)

    async def ahead(self, community_id: int, period: str, metric: str, value: int) -> int:
        """How many visible members have more than ``value`` (rank = this + 1)."""
        column = METRIC_COLUMNS[metric]
        stmt = select(func.count()).where(
            MemberPeriod.community_id == community_id,
            MemberPeriod.period == period,
            MemberPeriod.hidden.is_(False),
            column > value,
        )
        return int((await self.session.execute(stmt)).scalar_one())

    @staticmethod
    def _alive(alive_since: dict[int, date]) -> Any:
        """Streaks still alive: last study day recent enough for the freezes held."""
        most = max(alive_since)
        return or_(
            *(
                and_(
                    Member.freezes >= most if held == most else Member.freezes == held,
                    Member.last_study_day >= day,
                )
                for held, day in alive_since.items()
            )
        )

    async def streaks(
        self, community_id: int, alive_since: dict[int, date], limit: int
    ) -> Sequence[Member]:
        """Visible members with a live streak, longest first."""
        stmt = (
            select(Member)
            .where(
                Member.community_id == community_id,
                Member.hidden.is_(False),
                Member.streak_current > 0,
                self._alive(alive_since),
            )
            .order_by(Member.streak_current.desc(), Member.last_study_day.desc())
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def streaks_ahead(
        self, community_id: int, alive_since: dict[int, date], streak: int
    ) -> int:
        """Visible members with a live streak longer than ``streak``."""
        stmt = select(func.count()).where(
            Member.community_id == community_id,
            Member.hidden.is_(False),
            Member.streak_current > streak,
            self._alive(alive_since),
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def set_hidden(self, member_id: int, hidden: bool) -> None:
        await self.session.execute(
            update(MemberPeriod).where(MemberPeriod.member_id == member_id).values(hidden=hidden)
        )

    async def xp_by_day(self, member_id: int) -> list[tuple[date, int]]:
        """XP earned per study day, oldest first (the profile's XP-over-time line)."""
        stmt = (
            select(XpEvent.study_day, func.sum(XpEvent.amount))
            .where(XpEvent.member_id == member_id, XpEvent.study_day.is_not(None))
            .group_by(XpEvent.study_day)
            .order_by(XpEvent.study_day)
        )
        return [(d, int(n)) for d, n in (await self.session.execute(stmt)).all() if d is not None]


class ProjectRepository(_Repository):
    async def of_member(self, member_id: int) -> Sequence[Project]:
        stmt = (
            select(Project)
            .where(Project.member_id == member_id)
            .order_by(Project.created_at, Project.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def named(self, member_id: int, name_key: str, *, lock: bool = False) -> Project | None:
        stmt = select(Project).where(Project.member_id == member_id, Project.name_key == name_key)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def add(self, project: Project) -> Project:
        self.session.add(project)
        await self.session.flush()
        return project

    async def add_update(self, update_row: ProjectUpdate) -> None:
        self.session.add(update_row)
        await self.session.flush()

    async def latest_notes(self, project_ids: Sequence[int]) -> dict[int, ProjectUpdate]:
        if not project_ids:
            return {}
        stmt = (
            select(ProjectUpdate)
            .where(ProjectUpdate.project_id.in_(project_ids))
            .order_by(ProjectUpdate.at, ProjectUpdate.id)
        )
        return {row.project_id: row for row in (await self.session.execute(stmt)).scalars()}

    async def updates(self, project_id: int) -> Sequence[ProjectUpdate]:
        stmt = (
            select(ProjectUpdate)
            .where(ProjectUpdate.project_id == project_id)
            .order_by(ProjectUpdate.at, ProjectUpdate.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def shipped(self, member_id: int) -> int:
        stmt = select(func.count()).where(
            Project.member_id == member_id, Project.status == "shipped"
        )
        return int((await self.session.execute(stmt)).scalar_one())


# Migration 0005 marks members who were here before milestones were recorded.
BASELINE = "baseline"


class MilestoneRepository(_Repository):
    async def keys(self, member_id: int) -> set[str]:
        stmt = select(Milestone.key).where(Milestone.member_id == member_id)
        return set((await self.session.execute(stmt)).scalars())

    async def of_member(self, member_id: int) -> Sequence[Milestone]:
        stmt = (
            select(Milestone)
            .where(Milestone.member_id == member_id, Milestone.key != BASELINE)
            .order_by(Milestone.at, Milestone.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def forget(self, member_id: int, key: str) -> None:
        await self.session.execute(
            delete(Milestone).where(Milestone.member_id == member_id, Milestone.key == key)
        )

    async def holders(self, community_id: int, key: str) -> Sequence[Member]:
        stmt = (
            select(Member)
            .join(Milestone, Milestone.member_id == Member.id)
            .where(Member.community_id == community_id, Milestone.key == key)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def record(self, member_id: int, key: str, at: datetime) -> bool:
        """True the first time; a milestone is recorded once per member, ever."""
        return await _insert_ignore(
            self.session, Milestone, {"member_id": member_id, "key": key, "at": at}
        )


class LadderRoleRepository(_Repository):
    async def of_community(self, community_id: int) -> dict[str, str]:
        stmt = select(LadderRole.level_key, LadderRole.role_id).where(
            LadderRole.community_id == community_id
        )
        return {k: r for k, r in (await self.session.execute(stmt)).all()}

    async def set(
        self, community_id: int, level_key: str, role_id: str | None, at: datetime
    ) -> None:
        await self.session.execute(
            delete(LadderRole).where(
                LadderRole.community_id == community_id, LadderRole.level_key == level_key
            )
        )
        if role_id is not None:
            self.session.add(
                LadderRole(community_id=community_id, level_key=level_key, role_id=role_id, at=at)
            )
        await self.session.flush()


class CustomQuestionRepository(_Repository):
    async def of_community(self, community_id: int) -> Sequence[CustomQuestion]:
        stmt = (
            select(CustomQuestion)
            .where(CustomQuestion.community_id == community_id)
            .order_by(CustomQuestion.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def by_id(self, question_id: str) -> CustomQuestion | None:
        stmt = select(CustomQuestion).where(CustomQuestion.question_id == question_id)
        return (await self.session.execute(stmt)).scalars().first()

    async def add_all(self, rows: Sequence[CustomQuestion]) -> None:
        self.session.add_all(rows)
        await self.session.flush()
