"""Pruning what only grows (issue 12): processed events after the replay window, sent outbox
rows after 30 days — in batches of 500 rows per transaction, on SQLite and Postgres."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import OutboxMessage, ProcessedEvent
from bot.db.repositories import EventRepository, OutboxRepository
from bot.db.repositories.events import REPLAY_WINDOW
from bot.scheduling.housekeeping import PRUNE_BATCH, SENT_KEPT, prune
from bot.scheduling.scheduler import PRUNE_EVERY, Scheduler
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder

MOD = console_actor("mod")
SECOND = timedelta(seconds=1)


@pytest.fixture
async def app(db_url: str, clock: ManualClock, catalog: Catalog) -> AsyncIterator[App]:
    built = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    built.publishers.register("console", Recorder())
    await built.dispatcher.text(MOD, "/me show")  # the console community exists
    yield built
    await built.aclose()


async def community_id(app: App) -> int:
    async with app.uow(write=False) as uow:
        found = await uow.communities.get("console", "local")
    assert found is not None
    return found.id


def outbox_row(cid: int, key: str, status: str, sent_at: datetime | None) -> OutboxMessage:
    created = sent_at or datetime(2025, 1, 1, tzinfo=UTC)
    return OutboxMessage(
        community_id=cid,
        kind="test",
        key=key,
        payload={"channel": "study-group", "reply": {"text": key, "title": None}},
        status=status,
        attempts=1,
        not_before=created,
        created_at=created,
        sent_at=sent_at,
    )


async def add(app: App, rows: list[object]) -> None:
    async with app.uow() as uow:
        uow.session.add_all(rows)
        await uow.commit()


async def event_keys(app: App) -> set[str]:
    async with app.uow(write=False) as uow:
        return set((await uow.session.execute(select(ProcessedEvent.key))).scalars())


async def outbox_keys(app: App) -> set[str]:
    async with app.uow(write=False) as uow:
        stmt = select(OutboxMessage.key).where(OutboxMessage.kind == "test")
        return set((await uow.session.execute(stmt)).scalars())


async def test_rows_are_kept_up_to_the_boundary_and_pruned_past_it(app: App) -> None:
    now = app.clock.now()
    window = now - REPLAY_WINDOW
    await add(
        app,
        [
            ProcessedEvent(key="slack:old", at=window - SECOND),
            ProcessedEvent(key="slack:edge", at=window),
            ProcessedEvent(key="slack:new", at=now - timedelta(minutes=5)),
        ],
    )
    cid, month = await community_id(app), now - SENT_KEPT
    await add(
        app,
        [
            outbox_row(cid, "sent-old", "sent", month - SECOND),
            outbox_row(cid, "sent-edge", "sent", month),
            outbox_row(cid, "sent-new", "sent", now - timedelta(days=1)),
            # never sent: kept whatever their age
            outbox_row(cid, "failed-old", "failed", None),
            outbox_row(cid, "skipped-old", "skipped", None),
            outbox_row(cid, "pending-old", "pending", None),
        ],
    )
    pruned = await prune(app.uow, now)
    assert (pruned.events, pruned.sent) == (1, 1)
    assert await event_keys(app) == {"slack:edge", "slack:new"}
    assert await outbox_keys(app) == {
        "sent-edge",
        "sent-new",
        "failed-old",
        "skipped-old",
        "pending-old",
    }
    again = await prune(app.uow, now)
    assert (again.events, again.sent) == (0, 0)


async def test_pruning_goes_in_batches_of_500_rows_per_transaction(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = app.clock.now()
    old = now - REPLAY_WINDOW - timedelta(hours=1)
    await add(app, [ProcessedEvent(key=f"slack:e{i}", at=old) for i in range(1234)])
    cid = await community_id(app)
    sent = now - SENT_KEPT - timedelta(days=1)
    await add(app, [outbox_row(cid, f"s{i}", "sent", sent) for i in range(501)])
    batches: list[tuple[str, int]] = []
    commits = 0
    real_events, real_outbox = EventRepository.prune, OutboxRepository.prune_sent

    async def events_batch(self: EventRepository, before: datetime, limit: int) -> int:
        deleted = await real_events(self, before, limit)
        batches.append(("events", deleted))
        return deleted

    async def outbox_batch(self: OutboxRepository, before: datetime, limit: int) -> int:
        deleted = await real_outbox(self, before, limit)
        batches.append(("outbox", deleted))
        return deleted

    factory = app.uow

    class Counting:
        """The unit-of-work factory, counting the transactions that commit."""

        def __call__(self, *, write: bool = True) -> object:
            unit = factory(write=write)
            commit = unit.commit

            async def counted() -> None:
                nonlocal commits
                await commit()
                commits += 1

            unit.commit = counted  # type: ignore[method-assign]
            return unit

    monkeypatch.setattr(EventRepository, "prune", events_batch)
    monkeypatch.setattr(OutboxRepository, "prune_sent", outbox_batch)
    pruned = await prune(Counting(), now)  # type: ignore[arg-type]
    assert PRUNE_BATCH == 500
    assert batches == [
        ("events", 500),
        ("events", 500),
        ("events", 234),
        ("outbox", 500),
        ("outbox", 1),
    ]
    assert commits == len(batches)  # one transaction per batch
    assert (pruned.events, pruned.sent) == (1234, 501)
    assert await event_keys(app) == set() and await outbox_keys(app) == set()


async def test_a_checkin_during_pruning_goes_through(app: App) -> None:
    now = app.clock.now()
    old = now - REPLAY_WINDOW - timedelta(hours=1)
    await add(app, [ProcessedEvent(key=f"slack:e{i}", at=old) for i in range(2000)])
    pruned, reply = await asyncio.gather(
        prune(app.uow, now), app.dispatcher.text(console_actor("ana"), "/checkin")
    )
    assert pruned.events == 2000
    assert "Checked in" in reply.text and not reply.is_error, reply.text


async def test_after_pruning_a_months_posts_no_day_is_posted_again(
    app: App, clock: ManualClock
) -> None:
    recorder = Recorder()
    app.publishers.register("console", recorder)
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    for day in range(40):  # forty days of daily posts
        if day:
            clock.advance(timedelta(days=1))
        await app.services.daily.run_due()
        await app.services.delivery.drain()
    posted = len(recorder.posts)
    pruned = await prune(app.uow, clock.now())
    assert pruned.sent > 0
    async with app.uow(write=False) as uow:
        oldest = (await uow.session.execute(select(func.min(OutboxMessage.sent_at)))).scalar()
    assert oldest is not None and oldest >= clock.now() - SENT_KEPT
    for _ in range(3):
        assert await app.services.daily.run_due() == 0
        await app.services.delivery.drain()
    assert len(recorder.posts) == posted  # nothing pruned was posted again


async def test_the_scheduler_prunes_every_hour(app: App) -> None:
    scheduler = Scheduler(app)
    await scheduler.start()
    try:
        job = scheduler._aps.get_job("prune")
        assert job is not None and job.trigger.interval == PRUNE_EVERY
        await add(app, [ProcessedEvent(key="slack:old", at=app.clock.now() - 2 * REPLAY_WINDOW)])
        await scheduler.prune()
        assert await event_keys(app) == set()
    finally:
        scheduler.shutdown()
