"""Members of a community, and erasing one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from bot.db.models import (
    AuditEntry,
    Community,
    CustomQuestion,
    Member,
    OutboxMessage,
    QuizRound,
)
from bot.db.repositories._base import ERASED, _credit, _Repository
from bot.domain.erasure import pattern_of, scrub, scrub_json


@cache
def _enrolled_statement(lock: bool) -> Any:
    """Built once (see ``_base``): a member and their community by platform ids."""
    stmt = (
        select(Community, Member)
        .join(
            Member,
            (Member.community_id == Community.id) & (Member.user_id == bindparam("user_id")),
        )
        .where(
            Community.platform == bindparam("platform"),
            Community.external_id == bindparam("external_id"),
        )
    )
    return stmt.with_for_update(of=Member) if lock else stmt


class MemberRepository(_Repository):
    async def enrolled(
        self, platform: str, external_id: str, user_id: str, *, lock: bool = False
    ) -> tuple[Community, Member] | None:
        """A member with their community in one statement; None when either is new.
        ``lock`` locks the member row (Postgres), not the community's."""
        params = {"platform": platform, "external_id": external_id, "user_id": user_id}
        row = (await self.session.execute(_enrolled_statement(lock), params)).one_or_none()
        return (row[0], row[1]) if row is not None else None

    async def credit(
        self,
        member: Member,
        day: date,
        *,
        days: int = 0,
        correct: int = 0,
        mastered: int = 0,
        topic: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        """Change a member's counters without XP (see ``XpRepository.award``)."""
        await _credit(
            self.session,
            member,
            day,
            days=days,
            correct=correct,
            mastered=mastered,
            topic=topic,
            values=values,
        )

    async def get(self, community_id: int, user_id: str, *, lock: bool = False) -> Member | None:
        stmt = select(Member).where(Member.community_id == community_id, Member.user_id == user_id)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def matching(self, community_id: int, text: str, limit: int) -> Sequence[Member]:
        """Members whose id is ``text`` or whose name is ``text`` case-insensitively (up to
        ``limit``, oldest first): the candidates for a name typed in the console."""
        stmt = (
            select(Member)
            .where(
                Member.community_id == community_id,
                (Member.user_id == text) | (func.lower(Member.name) == text.lower()),
            )
            .order_by(Member.id)
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()

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
        """Delete a member and everything that cascades from them, and take them out of what
        stays: their posts not yet sent (reminders, milestones, projects, roles) are dropped;
        their id becomes ``ERASED`` where it is a column (audit actor, round starter, custom
        question author); their id and name become "a former member" in the audit log's
        reasons and details and in every other post kept in the outbox, sent or pending (a
        weekly recap, round standings)."""
        user_id = member.user_id
        words = (user_id, member.name)
        typed = pattern_of(words, ignore_case=True)  # moderators type names as they like
        shown = pattern_of(words, ignore_case=False)  # posts show the name as stored
        entries = await self.session.execute(
            select(AuditEntry).where(AuditEntry.community_id == community_id)
        )
        for entry in entries.scalars():
            if entry.actor_user_id == user_id:
                entry.actor_user_id = ERASED
            detail = {k: ERASED if v == user_id else v for k, v in entry.detail.items()}
            detail = scrub_json(detail, typed)
            if detail != entry.detail:
                entry.detail = detail
            if entry.reason and scrub(entry.reason, typed) != entry.reason:
                entry.reason = scrub(entry.reason, typed)
        await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.community_id == community_id,
                OutboxMessage.kind.in_(("remind", "nudge", "milestone", "project", "role")),
                OutboxMessage.key.startswith(f"{user_id}:", autoescape=True),
            )
        )
        posts = await self.session.execute(
            select(OutboxMessage).where(OutboxMessage.community_id == community_id)
        )
        for post in posts.scalars():
            payload = scrub_json(post.payload, shown, skip="buttons")
            if payload != post.payload:
                post.payload = payload
            if post.last_error and scrub(post.last_error, shown) != post.last_error:
                post.last_error = scrub(post.last_error, shown)
        await self.session.execute(
            update(QuizRound)
            .where(QuizRound.community_id == community_id, QuizRound.started_by == user_id)
            .values(started_by=ERASED)
        )
        await self.session.execute(
            update(CustomQuestion)
            .where(
                CustomQuestion.community_id == community_id,
                CustomQuestion.created_by == user_id,
            )
            .values(created_by=ERASED)
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
