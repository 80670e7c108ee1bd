"""Exercise submissions and each member's standing per exercise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select, update

from bot.db.models import ExerciseProgress, ExerciseSubmission, Member
from bot.db.repositories._base import _insert_ignore, _Repository


@dataclass(frozen=True, slots=True)
class PassRate:
    exercise_id: str
    members: int  # members who submitted
    passed: int  # members who passed
    submissions: int


class ExerciseRepository(_Repository):
    async def standing(self, member_id: int, exercise_id: str) -> ExerciseProgress:
        """The member's row for the exercise, created on first use."""
        await _insert_ignore(
            self.session,
            ExerciseProgress,
            {"member_id": member_id, "exercise_id": exercise_id, "attempts": 0},
        )
        stmt = select(ExerciseProgress).where(
            ExerciseProgress.member_id == member_id, ExerciseProgress.exercise_id == exercise_id
        )
        return (await self.session.execute(stmt)).scalar_one()

    async def standings(self, member_id: int) -> dict[str, ExerciseProgress]:
        stmt = select(ExerciseProgress).where(ExerciseProgress.member_id == member_id)
        return {row.exercise_id: row for row in (await self.session.scalars(stmt)).all()}

    async def due(self, member_id: int, now: datetime) -> list[str]:
        """Failed exercises whose review is due, the longest-due first."""
        stmt = (
            select(ExerciseProgress.exercise_id)
            .where(
                ExerciseProgress.member_id == member_id,
                ExerciseProgress.passed_at.is_(None),
                ExerciseProgress.due <= now,
            )
            .order_by(ExerciseProgress.due, ExerciseProgress.exercise_id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def first_pass(self, row: ExerciseProgress, now: datetime) -> bool:
        """Mark ``row`` passed; True only for the call that did (one of two racing submits)."""
        stmt = (
            update(ExerciseProgress)
            .where(ExerciseProgress.id == row.id, ExerciseProgress.passed_at.is_(None))
            .values(passed_at=now, due=None, card=None)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(stmt)
        return bool(getattr(result, "rowcount", 0))

    def add(self, submission: ExerciseSubmission) -> None:
        self.session.add(submission)

    async def submissions_of(self, member_id: int) -> Sequence[ExerciseSubmission]:
        stmt = (
            select(ExerciseSubmission)
            .where(ExerciseSubmission.member_id == member_id)
            .order_by(ExerciseSubmission.at, ExerciseSubmission.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def pass_rates(self, community_id: int) -> list[PassRate]:
        """Per exercise the community's members have submitted to: who tried, who passed."""
        tried = (
            select(
                ExerciseSubmission.exercise_id,
                func.count(distinct(ExerciseSubmission.member_id)),
                func.count(ExerciseSubmission.id),
            )
            .join(Member, Member.id == ExerciseSubmission.member_id)
            .where(Member.community_id == community_id)
            .group_by(ExerciseSubmission.exercise_id)
        )
        passed = (
            select(ExerciseProgress.exercise_id, func.count(ExerciseProgress.id))
            .join(Member, Member.id == ExerciseProgress.member_id)
            .where(Member.community_id == community_id, ExerciseProgress.passed_at.is_not(None))
            .group_by(ExerciseProgress.exercise_id)
        )
        passes = {str(e): int(n) for e, n in (await self.session.execute(passed)).all()}
        return [
            PassRate(str(exercise), int(members), passes.get(str(exercise), 0), int(count))
            for exercise, members, count in (await self.session.execute(tried)).all()
        ]

    @staticmethod
    def passed_counter() -> dict[str, Any]:
        """Member values (for ``XpRepository.award``) that count one more exercise passed."""
        return {"exercises_passed": Member.exercises_passed + 1}
