"""Unit of work: one transaction, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.engine import SQLITE_BEGIN
from bot.db.repositories import (
    AuditRepository,
    CheckinRepository,
    CommunityRepository,
    CustomQuestionRepository,
    EventRepository,
    LadderRoleRepository,
    MemberRepository,
    MilestoneRepository,
    OutboxRepository,
    ProjectRepository,
    QuizRepository,
    StandingsRepository,
    XpRepository,
)
from bot.domain.errors import Conflict


class UnitOfWork:
    """``async with uow_factory() as uow: ...; await uow.commit()``.

    Write units take SQLite's write lock at BEGIN, so two concurrent writers
    queue on ``busy_timeout`` instead of failing on a lock upgrade.
    """

    session: AsyncSession

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, write: bool = True) -> None:
        self._sessions = sessions
        self._write = write

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        if self._write and self.session.get_bind().dialect.name == "sqlite":
            await self.session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        s = self.session
        self.communities = CommunityRepository(s)
        self.members = MemberRepository(s)
        self.checkins = CheckinRepository(s)
        self.xp = XpRepository(s)
        self.audit = AuditRepository(s)
        self.outbox = OutboxRepository(s)
        self.events = EventRepository(s)
        self.quiz = QuizRepository(s)
        self.standings = StandingsRepository(s)
        self.projects = ProjectRepository(s)
        self.milestones = MilestoneRepository(s)
        self.ladder_roles = LadderRoleRepository(s)
        self.custom_questions = CustomQuestionRepository(s)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed and detaches the objects with their
        # loaded state intact (rollback() would expire them for the caller).
        await self.session.close()
        if isinstance(exc, IntegrityError):
            raise Conflict(str(exc.orig)) from exc

    async def commit(self) -> None:
        await self.session.commit()


class UnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def __call__(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self._sessions, write=write)
