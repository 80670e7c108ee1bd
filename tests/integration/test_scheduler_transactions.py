"""The scheduler's sweep never holds the write lock across communities (issue 11, item 4).

Every write statement the sweep sends is attributed to the transaction it runs in (an
SQLAlchemy event listener on the engine); each committed transaction may touch one community
at most. A sweep with nothing due writes nothing at all. On SQLite, a check-in tapped while the
sweep runs is stored before the sweep ends: it waits for one community's transaction, not for
all of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import CheckIn, Community, OutboxMessage
from bot.scheduling.scheduler import Scheduler
from tests.helpers import console_actor

COMMUNITIES = 60
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday: day 1 (no weekly on day 1)


@dataclass
class Writes:
    """Communities written to by each committed transaction, seen from the engine."""

    open: dict[int, set[int]] = field(default_factory=dict)
    committed: list[set[int]] = field(default_factory=list)

    def statement(self, conn: Connection, clause: Any, multiparams: Any, params: Any) -> None:
        if not getattr(clause, "is_dml", False):
            return
        touched = self.open.setdefault(id(conn), set())
        bound = clause.compile().params
        rows = [bound, params or {}]
        for batch in multiparams or ():
            rows.extend(batch if isinstance(batch, list) else [batch])
        for row in rows:
            if isinstance(row, dict) and row.get("community_id") is not None:
                touched.add(int(row["community_id"]))

    def commit(self, conn: Connection) -> None:
        touched = self.open.pop(id(conn), set())
        if touched:
            self.committed.append(touched)

    def rollback(self, conn: Connection) -> None:
        self.open.pop(id(conn), None)


@pytest.fixture
async def app(db_url: str, catalog: Catalog) -> AsyncIterator[App]:
    built = build(Settings(database_url=db_url), clock=ManualClock(START), catalog=catalog)
    yield built
    await built.aclose()


@pytest.fixture
def writes(app: App) -> Iterator[Writes]:
    found = Writes()
    engine = app.engine.sync_engine
    hooks = [
        ("before_execute", lambda c, cl, mp, p, _o: found.statement(c, cl, mp, p)),
        ("commit", found.commit),
        ("rollback", found.rollback),
    ]
    for name, hook in hooks:
        event.listen(engine, name, hook)
    yield found
    for name, hook in hooks:
        event.remove(engine, name, hook)


async def seed(app: App, n: int, post_time: str) -> None:
    async with app.uow() as uow:
        uow.session.add_all(
            Community(
                platform="console",
                external_id=f"group{i}",
                name=f"group {i}",
                timezone="UTC",
                day_start="00:00",
                post_time=post_time,
                channel_id=f"study{i}",
                roadmap_start=START.date(),
                paused=False,
                created_at=START,
            )
            for i in range(n)
        )
        await uow.commit()


async def outbox_rows(app: App) -> int:
    async with app.uow(write=False) as uow:
        return int((await uow.session.execute(select(func.count(OutboxMessage.id)))).scalar_one())


async def test_each_sweep_transaction_touches_one_community_and_idle_sweeps_write_nothing(
    app: App, writes: Writes
) -> None:
    await seed(app, COMMUNITIES, "08:30")
    for name, group in (("ana", "group1"), ("ben", "group2")):  # reminders: per community too
        await app.dispatcher.text(console_actor(name, community=group), "/remind on 08:45")
    writes.committed.clear()
    scheduler = Scheduler(app)
    queued = await scheduler.sync()
    assert queued == 2 * COMMUNITIES + 2  # a daily and a challenge each, and two reminders
    assert await outbox_rows(app) == queued
    assert len(writes.committed) >= COMMUNITIES
    assert [t for t in writes.committed if len(t) > 1] == [], "a transaction spanned communities"

    writes.committed.clear()
    assert await scheduler.sync() == 0
    assert writes.committed == []  # nothing due: not one write transaction


async def test_a_checkin_during_the_sweep_waits_for_one_community_not_all(
    tmp_path: Any, sqlite_template: Any, catalog: Catalog
) -> None:
    db = tmp_path / "sweep.db"
    db.write_bytes(sqlite_template.read_bytes())
    app = build(Settings(database_url=f"sqlite+aiosqlite:///{db}"), catalog=catalog)
    try:
        start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
        async with app.uow() as uow:  # 300 communities whose post fell due a minute ago
            uow.session.add_all(
                Community(
                    platform="console",
                    external_id=f"group{i}",
                    name=f"group {i}",
                    timezone="UTC",
                    day_start="00:00",
                    post_time=start.strftime("%H:%M"),
                    channel_id=f"study{i}",
                    roadmap_start=start.date(),
                    paused=False,
                    created_at=start,
                )
                for i in range(300)
            )
            await uow.commit()
        ana = console_actor("ana", community="elsewhere")
        await app.dispatcher.text(ana, "/me show")  # enrolled before the sweep
        sweep = asyncio.create_task(app.services.daily.run_due())
        for _ in range(2000):  # until the sweep is under way (or, on a lock held across
            if sweep.done() or await outbox_rows(app) >= 10:  # communities, over)
                break
            await asyncio.sleep(0.005)
        await app.dispatcher.text(ana, "/checkin")
        assert not sweep.done(), "the check-in waited for the whole sweep"
        assert await sweep == 600
        async with app.uow(write=False) as uow:
            stmt = select(func.count()).select_from(CheckIn)
            assert (await uow.session.execute(stmt)).scalar_one() == 1
    finally:
        await app.aclose()
