"""Member projects and their updates."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from bot.db.models import Project, ProjectUpdate
from bot.db.repositories._base import _Repository


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
