"""A community's own quiz questions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.db.models import CustomQuestion
from bot.db.repositories._base import _Repository


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
