"""Unit of work: one transaction, rolled back unless committed.

Concurrency rules (the burst after the daily post, issue 11):

* **SQLite has one writer.** Write units in this process queue on an ``asyncio.Lock``
  before they take a connection, then take SQLite's write lock at ``BEGIN IMMEDIATE``.
  In-process writers therefore never race for the file lock (which would end in
  ``database is locked`` once ``busy_timeout`` ran out); ``busy_timeout`` is left to cover
  other processes (a CLI export, a second replica).
* **Transient failures are retried whole.** A lock timeout (SQLite), a serialisation
  failure or a deadlock (Postgres) becomes ``Contention``; ``retrying`` runs the whole unit
  again a bounded number of times, so a member who tapped gets the real answer.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.engine import SQLITE_BEGIN
from bot.db.repositories import (
    AnalyticsRepository,
    AuditRepository,
    CheckinRepository,
    CommunityRepository,
    CompetitionRepository,
    CustomQuestionRepository,
    EventRepository,
    ExerciseRepository,
    HoldRepository,
    LadderRoleRepository,
    MemberRepository,
    MilestoneRepository,
    OutboxRepository,
    PairRepository,
    ProjectRepository,
    QuizRepository,
    SlackInstallationRepository,
    StandingsRepository,
    WebRepository,
    XpRepository,
)
from bot.db.sqlite_driver import OneHopConnection
from bot.domain.errors import Conflict, Contention

log = logging.getLogger("mlpath.db")

T = TypeVar("T")

# Postgres: serialization_failure, deadlock_detected, lock_not_available.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")
CONTENTION_ATTEMPTS = 5


def contention_of(exc: BaseException) -> Contention | None:
    """The ``Contention`` a driver error stands for, or None when it is not transient."""
    if not isinstance(exc, DBAPIError) or isinstance(exc, IntegrityError):
        return None
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in RETRYABLE_SQLSTATES:
        return Contention(f"postgres {state}")
    if any(word in str(orig).lower() for word in SQLITE_BUSY_WORDS):
        return Contention("sqlite busy")
    return None


async def retrying(call: Callable[[], Awaitable[T]], attempts: int = CONTENTION_ATTEMPTS) -> T:
    """Run ``call`` (whole units of work) again after ``Contention``, with jittered backoff."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except Contention as exc:
            if attempt == attempts:
                raise
            log.info("transient database contention (%s), attempt %d", exc, attempt)
            await asyncio.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")


class UnitOfWork:
    """``async with uow_factory() as uow: ...; await uow.commit()``."""

    session: AsyncSession

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        write: bool = True,
        writer: asyncio.Lock | None = None,
    ) -> None:
        self._sessions = sessions
        self._write = write
        # Only SQLite write units get the in-process writer lock.
        self._writer = writer if write else None
        self._holds_writer = False

    async def __aenter__(self) -> UnitOfWork:
        if self._writer is not None:
            await self._writer.acquire()
            self._holds_writer = True
        try:
            self.session = self._sessions()
            if self._writer is not None:
                await self.session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        except BaseException as exc:
            await self._release()
            contention = contention_of(exc)
            if contention is not None:
                raise contention from exc
            raise
        s = self.session
        self.communities = CommunityRepository(s)
        self.members = MemberRepository(s)
        self.checkins = CheckinRepository(s)
        self.holds = HoldRepository(s)
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
        self.pairs = PairRepository(s)
        self.slack = SlackInstallationRepository(s)
        self.web = WebRepository(s)
        self.analytics = AnalyticsRepository(s)
        self.exercises = ExerciseRepository(s)
        self.competitions = CompetitionRepository(s)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._release()
        if isinstance(exc, IntegrityError):
            raise Conflict(str(exc.orig)) from exc
        if exc is not None and (contention := contention_of(exc)) is not None:
            raise contention from exc

    async def _release(self) -> None:
        # close() rolls back whatever was not committed and detaches the objects with their
        # loaded state intact (rollback() would expire them for the caller).
        try:
            if hasattr(self, "session"):
                await self.session.close()
        finally:
            if self._holds_writer:
                self._holds_writer = False
                assert self._writer is not None
                self._writer.release()

    async def commit(self) -> None:
        await self.session.commit()

    async def commit_with_next(self) -> None:
        """On SQLite, send the COMMIT in the round trip of the next statement, which must be
        the unit's last (``commit()`` still follows; it then costs nothing). For the sweeps
        that write many small units back to back; elsewhere a no-op."""
        if self._writer is None:
            return
        session = self.session
        if session.new or session.dirty or session.deleted:
            await session.flush()  # nothing of the ORM's may be left to run after COMMIT
        driver = (await session.connection()).sync_connection
        if driver is not None and isinstance(driver.connection.dbapi_connection, OneHopConnection):
            driver.connection.dbapi_connection.commit_after_next()


class UnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, sqlite: bool) -> None:
        self._sessions = sessions
        self._writer = asyncio.Lock() if sqlite else None

    def __call__(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self._sessions, write=write, writer=self._writer)

    async def ping(self) -> bool:
        """Whether the database answers a trivial query (readiness)."""
        async with self(write=False) as uow:
            await uow.session.execute(text("SELECT 1"))
        return True
