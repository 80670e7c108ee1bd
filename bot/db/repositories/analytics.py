"""The dashboard's read-only analytics (SPEC §10): each a single statement over one community,
grouped in SQL so a year of history comes back as a few hundred rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, func, select

from bot.db.models import (
    CheckIn,
    Member,
    MemberPeriod,
    MemberTopic,
    OutboxMessage,
    Project,
    QuizAnswer,
)
from bot.db.repositories._base import _Repository
from bot.domain.periods import period_key

CHECKIN = "checkin"


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member as the organiser's tables show them."""

    id: int
    user_id: str
    name: str
    hidden: bool
    streak: int
    freezes: int
    last_study_day: date | None
    anchor: date | None
    streak_ends_at: datetime | None
    timezone: str | None
    platform_timezone: str | None


@dataclass(frozen=True, slots=True)
class QuestionTally:
    question_id: str
    topic: str
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class ProjectRow:
    name: str
    member: str
    status: str
    repo: str | None
    demo: str | None
    hidden: bool
    updated_at: datetime


def _members_of(community_id: int) -> Select[Any]:
    """The community's member ids, as an IN (…) subquery: the check-ins and answers are then
    read by their own indexes, not member by member through a join."""
    return select(Member.id).where(Member.community_id == community_id)


class AnalyticsRepository(_Repository):
    async def active_per_day(self, community_id: int, first: date, last: date) -> dict[date, int]:
        """Members who checked in, per study day (one row per member and day: a count)."""
        stmt = (
            select(CheckIn.study_day, func.count())
            .where(
                CheckIn.member_id.in_(_members_of(community_id)),
                CheckIn.kind == CHECKIN,
                CheckIn.study_day.between(first, last),
            )
            .group_by(CheckIn.study_day)
        )
        return {d: int(n) for d, n in (await self.session.execute(stmt)).all()}

    async def active_per_week(self, community_id: int, mondays: Sequence[date]) -> dict[date, int]:
        """Members who studied in each week starting on ``mondays``: the leaderboard's weekly
        counters (``member_periods``, days > 0), one index range per week."""
        keys = {period_key("week", monday): monday for monday in mondays}
        stmt = (
            select(MemberPeriod.period, func.count())
            .where(
                MemberPeriod.community_id == community_id,
                MemberPeriod.period.in_(list(keys)),
                MemberPeriod.days > 0,
            )
            .group_by(MemberPeriod.period)
        )
        return {keys[p]: int(n) for p, n in (await self.session.execute(stmt)).all()}

    async def joined_and_last(
        self, community_id: int, since: datetime
    ) -> list[tuple[datetime, date | None]]:
        """The joining instant and last credited study day of each member who joined from
        ``since`` on (retention by joining cohort)."""
        stmt = select(Member.created_at, Member.last_study_day).where(
            Member.community_id == community_id, Member.created_at >= since
        )
        return [(c, d) for c, d in (await self.session.execute(stmt)).all()]

    async def furthest_roadmap_days(self, community_id: int) -> dict[int, int]:
        """How many members got no further than each roadmap day they checked in on: per
        member one seek of ``ix_checkins_member_roadmap`` for the highest day."""
        furthest = (
            select(func.max(CheckIn.roadmap_day))
            .where(CheckIn.member_id == Member.id, CheckIn.kind == CHECKIN)
            .correlate(Member)
            .scalar_subquery()
        )
        per_member = (
            select(furthest.label("day")).where(Member.community_id == community_id).subquery()
        )
        stmt = (
            select(per_member.c.day, func.count())
            .where(per_member.c.day.is_not(None))
            .group_by(per_member.c.day)
        )
        return {int(d): int(n) for d, n in (await self.session.execute(stmt)).all()}

    async def at_risk(
        self,
        community_id: int,
        now: datetime,
        breaks_by: datetime,
        silent_since: date,
        silent_until: date,
        limit: int,
    ) -> list[MemberRow]:
        """Members whose live streak ends by ``breaks_by``, or whose last check-in lies
        between ``silent_since`` and ``silent_until``: the first ``limit`` by streak."""
        breaking = (Member.streak_ends_at > now) & (Member.streak_ends_at <= breaks_by)
        silent = Member.last_study_day.between(silent_since, silent_until)
        stmt = (
            select(
                Member.id,
                Member.user_id,
                Member.name,
                Member.hidden,
                Member.streak_current,
                Member.freezes,
                Member.last_study_day,
                Member.streak_anchor,
                Member.streak_ends_at,
                Member.timezone,
                Member.platform_timezone,
            )
            .where(Member.community_id == community_id, breaking | silent)
            .order_by(Member.streak_current.desc(), Member.last_study_day.desc(), Member.id)
            .limit(limit)
        )
        return [MemberRow(*row) for row in (await self.session.execute(stmt)).all()]

    async def sent_keys(self, community_id: int, kind: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` the outbox holds for ``kind`` (nudges sent today)."""
        if not keys:
            return set()
        stmt = select(OutboxMessage.key).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind == kind,
            OutboxMessage.key.in_(keys),
        )
        return set((await self.session.execute(stmt)).scalars())

    async def question_tallies(self, community_id: int, min_answers: int) -> list[QuestionTally]:
        """Answers and correct answers per question, those answered ``min_answers`` times."""
        answered = func.count()
        correct = func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0)
        stmt = (
            select(QuizAnswer.question_id, func.max(QuizAnswer.topic), answered, correct)
            .where(QuizAnswer.member_id.in_(_members_of(community_id)))
            .group_by(QuizAnswer.question_id)
            .having(answered >= min_answers)
        )
        rows = (await self.session.execute(stmt)).all()
        return [QuestionTally(q, t, int(a), int(c)) for q, t, a, c in rows]

    async def topic_accuracy(self, community_id: int) -> list[tuple[str, int, int]]:
        """(topic, answers, correct) from the members' running topic counts, most answered
        first (the same numbers as the answers, without reading them)."""
        answered = func.sum(MemberTopic.answered)
        stmt = (
            select(MemberTopic.topic, answered, func.sum(MemberTopic.correct))
            .where(MemberTopic.member_id.in_(_members_of(community_id)))
            .group_by(MemberTopic.topic)
            .order_by(answered.desc(), MemberTopic.topic)
        )
        return [(t, int(a), int(c)) for t, a, c in (await self.session.execute(stmt)).all()]

    async def projects(self, community_id: int, limit: int) -> list[ProjectRow]:
        """The community's projects, latest activity first."""
        stmt = (
            select(
                Project.name,
                Member.name,
                Project.status,
                Project.repo,
                Project.demo,
                Member.hidden,
                Project.updated_at,
            )
            .join(Member, Member.id == Project.member_id)
            .where(Member.community_id == community_id)
            .order_by(Project.updated_at.desc(), Project.id.desc())
            .limit(limit)
        )
        return [ProjectRow(*row) for row in (await self.session.execute(stmt)).all()]

    async def projects_by_status(self, community_id: int) -> dict[str, int]:
        stmt = (
            select(Project.status, func.count())
            .join(Member, Member.id == Project.member_id)
            .where(Member.community_id == community_id)
            .group_by(Project.status)
        )
        return {s: int(n) for s, n in (await self.session.execute(stmt)).all()}
