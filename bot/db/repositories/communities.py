"""Communities: one per Discord guild or Slack workspace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select

from bot.db.models import Challenge, Community, DisabledQuestion, Member
from bot.db.ownership import count_rows, delete_community
from bot.db.repositories._base import _dialect, _insert_ignore_statement, _Repository, _table

CHUNK = 500  # communities per look-up (SQLite's bound-parameter limit)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    ordered = sorted(set(ids))
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


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

    # --- ``mlpath community list|delete`` ----------------------------------------------------

    async def with_member_counts(self) -> list[tuple[Community, int]]:
        """Every community with its number of members, by platform and id."""
        members = (
            select(Member.community_id, func.count().label("n"))
            .group_by(Member.community_id)
            .subquery()
        )
        stmt = (
            select(Community, func.coalesce(members.c.n, 0))
            .outerjoin(members, members.c.community_id == Community.id)
            .order_by(Community.platform, Community.external_id)
        )
        return [(c, int(n)) for c, n in (await self.session.execute(stmt)).all()]

    async def rows_of(self, community: Community) -> dict[str, int]:
        """Rows per table that belong to the community (``bot.db.ownership``)."""
        return await count_rows(
            self.session, community.id, community.platform, community.external_id
        )

    async def delete_with_data(self, community: Community) -> dict[str, int]:
        """Delete the community and all that belongs to it; the rows per table deleted. The
        community's row is locked first (Postgres), so nothing new joins it meanwhile."""
        lock = select(Community.id).where(Community.id == community.id).with_for_update()
        await self.session.execute(lock)
        counts = await self.rows_of(community)
        await delete_community(
            self.session, community.id, community.platform, community.external_id
        )
        self.session.expunge(community)
        return counts

    # --- the daily sweep: what it needs of many communities, in a few reads -------------------

    async def challenges_on(
        self, community_ids: Sequence[int], days: set[date]
    ) -> dict[tuple[int, date], tuple[int, str]]:
        """(community, date) -> (challenge id, question) of the challenges on those dates."""
        found: dict[tuple[int, date], tuple[int, str]] = {}
        for chunk in _chunks(community_ids):
            stmt = select(
                Challenge.community_id, Challenge.local_date, Challenge.id, Challenge.question_id
            ).where(Challenge.community_id.in_(chunk), Challenge.local_date.in_(sorted(days)))
            for cid, day, challenge_id, question in (await self.session.execute(stmt)).all():
                found[(cid, day)] = (challenge_id, question)
        return found

    async def challenge_questions(self, community_ids: Sequence[int]) -> dict[int, set[str]]:
        """Every question each community has had as a daily challenge."""
        return await self._questions_by_community(Challenge, community_ids)

    async def disabled_questions(self, community_ids: Sequence[int]) -> dict[int, set[str]]:
        """The questions each community disabled."""
        return await self._questions_by_community(DisabledQuestion, community_ids)

    async def _questions_by_community(
        self, model: type[Challenge] | type[DisabledQuestion], community_ids: Sequence[int]
    ) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {cid: set() for cid in community_ids}
        for chunk in _chunks(community_ids):
            stmt = select(model.community_id, model.question_id).where(
                model.community_id.in_(chunk)
            )
            for cid, question in (await self.session.execute(stmt)).all():
                found[cid].add(question)
        return found

    async def add_challenge(
        self, community_id: int, day: date, question_id: str, now: datetime
    ) -> tuple[int, str]:
        """The community's challenge of ``day``: this one, unless one was chosen already (by
        a replica or /admin post-now) — then that one. Returns (id, question)."""
        params = {
            "community_id": community_id,
            "local_date": day,
            "question_id": question_id,
            "created_at": now,
        }
        stmt = _insert_ignore_statement(_dialect(self.session), _table(Challenge), "id")
        new_id = (await self.session.execute(stmt, params)).scalar_one_or_none()
        if new_id is not None:
            return int(new_id), question_id
        existing = select(Challenge.id, Challenge.question_id).where(
            Challenge.community_id == community_id, Challenge.local_date == day
        )
        found_id, found_question = (await self.session.execute(existing)).one()
        return int(found_id), str(found_question)
