"""Competitions opened in a community and their submissions (scores and hashes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update

from bot.db.models import CompetitionRun, CompetitionSubmission, Member
from bot.db.repositories._base import _Repository


class CompetitionRepository(_Repository):
    async def open_run(self, community_id: int) -> CompetitionRun | None:
        """The community's competition not closed yet (past its deadline too), if any."""
        stmt = (
            select(CompetitionRun)
            .where(CompetitionRun.community_id == community_id, CompetitionRun.closed_at.is_(None))
            .order_by(CompetitionRun.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).first()

    async def latest(self, community_id: int) -> CompetitionRun | None:
        stmt = (
            select(CompetitionRun)
            .where(CompetitionRun.community_id == community_id)
            .order_by(CompetitionRun.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).first()

    async def get(self, run_id: int) -> CompetitionRun | None:
        return await self.session.get(CompetitionRun, run_id)

    async def due(self, now: datetime) -> list[tuple[int, int]]:
        """(community id, run id) of every open competition past its deadline."""
        stmt = select(CompetitionRun.community_id, CompetitionRun.id).where(
            CompetitionRun.closed_at.is_(None), CompetitionRun.closes_at <= now
        )
        return [(int(c), int(r)) for c, r in (await self.session.execute(stmt)).all()]

    async def add_run(self, run: CompetitionRun) -> CompetitionRun:
        self.session.add(run)
        await self.session.flush()
        return run

    async def close(self, run_id: int, now: datetime) -> bool:
        """Mark the run closed; True only for the one call that did (of racing closers)."""
        stmt = (
            update(CompetitionRun)
            .where(CompetitionRun.id == run_id, CompetitionRun.closed_at.is_(None))
            .values(closed_at=now)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(stmt)
        return bool(getattr(result, "rowcount", 0))

    async def count_on(self, run_id: int, member_id: int, day: date) -> int:
        stmt = select(func.count(CompetitionSubmission.id)).where(
            CompetitionSubmission.run_id == run_id,
            CompetitionSubmission.member_id == member_id,
            CompetitionSubmission.day == day,
        )
        return int((await self.session.execute(stmt)).scalar_one())

    def add(self, submission: CompetitionSubmission) -> None:
        self.session.add(submission)

    async def of_member(self, run_id: int, member_id: int) -> Sequence[CompetitionSubmission]:
        """The member's submissions to the run, in order (``/compete final N`` numbers them)."""
        stmt = (
            select(CompetitionSubmission)
            .where(
                CompetitionSubmission.run_id == run_id,
                CompetitionSubmission.member_id == member_id,
            )
            .order_by(CompetitionSubmission.created_at, CompetitionSubmission.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def entries(self, run_id: int) -> list[tuple[CompetitionSubmission, Member]]:
        """Every submission to the run with its member, in order."""
        stmt = (
            select(CompetitionSubmission, Member)
            .join(Member, Member.id == CompetitionSubmission.member_id)
            .where(CompetitionSubmission.run_id == run_id)
            .order_by(CompetitionSubmission.created_at, CompetitionSubmission.id)
        )
        return [(s, m) for s, m in (await self.session.execute(stmt)).all()]

    async def set_final(self, run_id: int, member_id: int, submission_id: int) -> None:
        stmt = (
            update(CompetitionSubmission)
            .where(
                CompetitionSubmission.run_id == run_id,
                CompetitionSubmission.member_id == member_id,
            )
            .values(final=CompetitionSubmission.id == submission_id)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(stmt)

    async def submissions_of(
        self, member_id: int
    ) -> list[tuple[CompetitionSubmission, CompetitionRun]]:
        """``/me export``: the member's submissions with their competition, oldest first."""
        stmt = (
            select(CompetitionSubmission, CompetitionRun)
            .join(CompetitionRun, CompetitionRun.id == CompetitionSubmission.run_id)
            .where(CompetitionSubmission.member_id == member_id)
            .order_by(CompetitionSubmission.created_at, CompetitionSubmission.id)
        )
        return [(s, r) for s, r in (await self.session.execute(stmt)).all()]
