"""Delivery across crashes, restarts, retries and competing workers (SPEC §3, §9).

The outbox is at-least-once: a post is never lost; it goes out twice only when the process
dies between the platform accepting it and ``mark_sent`` committing, and not even then on a
platform that de-duplicates by the post's key (Discord's nonce).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import OutboxMessage
from bot.replies import Reply
from bot.services.members import community_of
from bot.services.outbox import LEASE, DeliveryService, enqueue
from bot.services.ports import DeliveryFailed, Publishers
from tests.helpers import console_actor


class ProcessDied(BaseException):
    """The bot process dies here: nothing after this point in the worker runs."""


@dataclass
class Row:
    status: str
    attempts: int
    message_id: str | None
    last_error: str | None


@dataclass
class Platform:
    """A fake chat platform: the messages a channel shows, and what each call did.

    ``dedupe`` makes it behave like Discord with ``enforce_nonce``: a resend with a key it has
    seen returns the first message instead of creating another.
    """

    clock: ManualClock
    dedupe: bool = False
    shown: list[str] = field(default_factory=list)  # post titles, one per visible message
    calls: list[tuple[str, datetime]] = field(default_factory=list)
    by_key: dict[str, str] = field(default_factory=dict)

    def accept(self, reply: Reply, key: str | None) -> str:
        self.calls.append((reply.title or "", self.clock.now()))
        if self.dedupe and key is not None and key in self.by_key:
            return self.by_key[key]
        self.shown.append(reply.title or "")
        message_id = f"m{len(self.shown)}"
        if key is not None:
            self.by_key.setdefault(key, message_id)
        return message_id

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        return self.accept(reply, key)

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        return self.accept(reply, None)

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        return True


@pytest.fixture
async def app(db_url: str, clock: ManualClock, catalog: Catalog) -> AsyncIterator[App]:
    built = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    yield built
    await built.aclose()


def worker(app: App, platform: Platform, name: str) -> DeliveryService:
    """A delivery worker of its own process: its own name, the shared database and clock."""
    publishers = Publishers()
    publishers.register("console", platform)
    return DeliveryService(app.uow, app.clock, publishers, name)


async def queue(app: App, titles: list[str], community: str = "group") -> None:
    """Queue one channel post per title, in one transaction, as the services do."""
    now = app.clock.now()
    async with app.uow() as uow:
        found = await community_of(uow, console_actor("mod", community), now)
        assert found.channel_id == "study-group"
        for title in titles:
            reply = Reply(f"Text of {title}", title=title, private=False)
            assert await enqueue(uow, found, "daily", title, reply, now)
        await uow.commit()


async def rows(app: App) -> dict[str, Row]:
    async with app.uow(write=False) as uow:
        found = (await uow.session.execute(select(OutboxMessage))).scalars().all()
    return {r.key: Row(r.status, r.attempts, r.message_id, r.last_error) for r in found}


@dataclass
class Crashing(Platform):
    """Dies at random points: before the platform gets the post, or after it accepted it."""

    rng: random.Random = field(default_factory=random.Random)
    rate: float = 0.3
    before_send: Counter[str] = field(default_factory=Counter)
    after_send: Counter[str] = field(default_factory=Counter)

    def death(self) -> BaseException:
        return self.rng.choice([ProcessDied(), asyncio.CancelledError()])

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        title, roll = reply.title or "", self.rng.random()
        if roll < self.rate / 2:
            self.before_send[title] += 1
            raise self.death()
        message_id = self.accept(reply, key)
        if roll < self.rate:  # the platform has the post; mark_sent never runs
            self.after_send[title] += 1
            raise self.death()
        return message_id


async def deliver_through_crashes(app: App, clock: ManualClock, platform: Crashing) -> int:
    """Run workers until a drain completes; each crash is a restart after the lease. Restarts."""
    for restart in range(500):
        try:
            await worker(app, platform, f"worker-{restart}").drain(limit=platform.rng.randint(1, 8))
        except (ProcessDied, asyncio.CancelledError):
            clock.advance(LEASE + timedelta(seconds=1))  # the new process starts later
            continue
        return restart
    raise AssertionError("the outbox never drained")


@pytest.mark.parametrize("dedupe", [False, True], ids=["plain", "nonce"])
async def test_crashes_never_lose_a_post_and_duplicate_only_after_the_send(
    app: App, clock: ManualClock, dedupe: bool
) -> None:
    for seed in range(4):
        titles = [f"s{seed}-post{n:02d}" for n in range(25)]
        await queue(app, titles, community=f"group{seed}")
        platform = Crashing(clock, dedupe=dedupe, rng=random.Random(seed))
        restarts = await deliver_through_crashes(app, clock, platform)
        assert restarts == sum(platform.before_send.values()) + sum(platform.after_send.values())
        assert sum(platform.after_send.values()) > 0 and sum(platform.before_send.values()) > 0

        shown = Counter(platform.shown)
        assert set(shown) == set(titles), "a post was lost"
        if dedupe:
            assert all(n == 1 for n in shown.values()), "the platform showed a duplicate"
        else:  # exactly one extra message per crash between send and mark_sent
            assert {t: shown[t] - 1 for t in titles} == {t: platform.after_send[t] for t in titles}
        stored = await rows(app)
        assert all(stored[t].status == "sent" for t in titles)
        for title in titles:
            crashes = platform.before_send[title] + platform.after_send[title]
            assert stored[title].attempts >= 1 + crashes
        if dedupe:  # the id stored is the one message the channel shows
            assert {stored[t].message_id for t in titles} == set(platform.by_key.values())


async def test_a_crashed_workers_posts_wait_for_its_lease_then_go_out_once(
    app: App, clock: ManualClock
) -> None:
    await queue(app, ["a", "b", "c"])
    platform = Crashing(clock, rate=1.0, rng=random.Random(1))  # dies on its first post
    with pytest.raises((ProcessDied, asyncio.CancelledError)):
        await worker(app, platform, "first").drain()
    assert {r.status for r in (await rows(app)).values()} == {"sending"}
    calm = Platform(clock)
    clock.advance(LEASE)  # the lease is still held at exactly LEASE
    assert (await worker(app, calm, "second").drain()).handled == 0
    clock.advance(timedelta(seconds=1))
    assert (await worker(app, calm, "second").drain()).sent == 3
    assert sorted(calm.shown) == ["a", "b", "c"]
    assert (await worker(app, calm, "third").drain()).handled == 0


@dataclass
class Flaky(Platform):
    """Refuses the first posts with the given failures, then accepts."""

    failures: list[DeliveryFailed] = field(default_factory=list)

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        if self.failures:
            self.calls.append((reply.title or "", self.clock.now()))
            raise self.failures.pop(0)
        return self.accept(reply, key)


async def test_429_and_5xx_are_retried_no_earlier_than_retry_after(
    app: App, clock: ManualClock
) -> None:
    await queue(app, ["day"])
    platform = Flaky(
        clock,
        failures=[
            DeliveryFailed("429 Too Many Requests", retry_after=30),
            DeliveryFailed("503 Service Unavailable", retry_after=2.5),
        ],
    )
    delivery = worker(app, platform, "w")
    start = clock.now()
    assert (await delivery.drain()).retried == 1
    row = (await rows(app))["day"]
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "429 Too Many Requests")
    clock.advance(timedelta(seconds=29.9))
    assert (await delivery.drain()).handled == 0  # too early
    clock.advance(timedelta(seconds=0.1))
    assert (await delivery.drain()).retried == 1
    clock.advance(timedelta(seconds=2.4))
    assert (await delivery.drain()).handled == 0
    clock.advance(timedelta(seconds=0.1))
    assert (await delivery.drain()).sent == 1
    assert [at - start for _, at in platform.calls] == [
        timedelta(0),
        timedelta(seconds=30),
        timedelta(seconds=32.5),
    ]
    assert platform.shown == ["day"]
    row = (await rows(app))["day"]
    assert (row.status, row.attempts, row.message_id) == ("sent", 3, "m1")
    clock.advance(timedelta(hours=1))
    assert (await delivery.drain()).handled == 0  # sent once, never again


async def test_repeated_5xx_back_off_exponentially(app: App, clock: ManualClock) -> None:
    await queue(app, ["day"])
    failures = [DeliveryFailed("502 Bad Gateway", retry_after=1) for _ in range(5)]
    platform = Flaky(clock, failures=failures)
    delivery = worker(app, platform, "w")
    start = clock.now()
    for _ in range(40):  # a tick every second, like the scheduler's delivery job
        await delivery.drain()
        clock.advance(timedelta(seconds=1))
    offsets = [int((at - start).total_seconds()) for _, at in platform.calls]
    assert offsets == [0, 1, 3, 7, 15, 31]  # waits of 1, 2, 4, 8, 16 s
    assert platform.shown == ["day"]
    assert (await rows(app))["day"].attempts == 6


async def test_a_permanent_refusal_fails_the_row_without_retries_and_logs_it(
    app: App, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    await queue(app, ["day"])
    platform = Flaky(clock, failures=[DeliveryFailed("403 Missing Access")])
    delivery = worker(app, platform, "w")
    caplog.set_level(logging.INFO, logger="mlpath.outbox")
    assert (await delivery.drain()).failed == 1
    row = (await rows(app))["day"]
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "403 Missing Access")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "403 Missing Access" in errors[0].getMessage()
    clock.advance(timedelta(days=1))
    assert (await worker(app, platform, "restarted").drain()).handled == 0
    assert len(platform.calls) == 1 and platform.shown == []


@dataclass
class Interleaving(Platform):
    """While the first worker is inside the platform call, another worker runs."""

    other: DeliveryService | None = None
    clock_step: timedelta = timedelta(0)
    reports: list[int] = field(default_factory=list)

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        other, self.other = self.other, None
        if other is not None:  # only the first call interleaves
            self.clock.advance(self.clock_step)
            self.reports.append((await other.deliver_due()).handled)
        return self.accept(reply, key)


@pytest.mark.parametrize("held_for", [timedelta(0), LEASE], ids=["fresh", "exactly-lease"])
async def test_a_row_is_not_sent_while_another_worker_holds_its_lease(
    app: App, clock: ManualClock, held_for: timedelta
) -> None:
    await queue(app, ["day"])
    platform = Interleaving(clock, clock_step=held_for)
    platform.other = worker(app, platform, "b")
    assert (await worker(app, platform, "a").drain()).sent == 1
    assert platform.reports == [0]  # worker b found nothing to claim
    assert platform.shown == ["day"]
    row = (await rows(app))["day"]
    assert (row.status, row.attempts, row.message_id) == ("sent", 1, "m1")


async def test_a_worker_stuck_past_its_lease_is_taken_over(app: App, clock: ManualClock) -> None:
    await queue(app, ["day"])
    platform = Interleaving(clock, clock_step=LEASE + timedelta(seconds=1))
    platform.other = worker(app, platform, "b")
    await worker(app, platform, "a").drain()
    assert platform.reports == [1]  # b re-sent it: at-least-once, the only duplicate window
    assert platform.shown == ["day", "day"]
    assert (await rows(app))["day"].status == "sent"


@dataclass
class Gated(Platform):
    """Each call waits until the test lets it finish, with a result or a failure."""

    entered: asyncio.Queue[asyncio.Future[DeliveryFailed | None]] = field(
        default_factory=asyncio.Queue
    )

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        gate: asyncio.Future[DeliveryFailed | None] = asyncio.get_running_loop().create_future()
        await self.entered.put(gate)
        failure = await gate
        if failure is not None:
            self.calls.append((reply.title or "", self.clock.now()))
            raise failure
        return self.accept(reply, key)


async def test_a_stale_workers_429_does_not_release_a_row_another_worker_holds(
    app: App, clock: ManualClock
) -> None:
    await queue(app, ["day"])
    platform = Gated(clock)
    a = asyncio.create_task(worker(app, platform, "a").drain())
    gate_a = await platform.entered.get()  # a is inside the platform call
    clock.advance(LEASE + timedelta(seconds=1))  # a hangs past its lease
    b = asyncio.create_task(worker(app, platform, "b").drain())
    gate_b = await platform.entered.get()  # b took the row over and is sending it
    try:
        gate_a.set_result(DeliveryFailed("429 Too Many Requests", retry_after=1))
        await a  # a's late 429 must not hand the row out again while b holds it
        clock.advance(timedelta(seconds=2))  # b's lease is 2 s old
        third = asyncio.create_task(worker(app, platform, "c").deliver_due())
        getter = asyncio.create_task(platform.entered.get())
        done, _ = await asyncio.wait({third, getter}, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            getter.result().set_result(None)  # c is sending it too: let it finish
        else:
            getter.cancel()
        assert (await third).handled == 0, "c claimed a row b is still sending"
    finally:
        while not platform.entered.empty():
            platform.entered.get_nowait().set_result(None)
        if not gate_b.done():
            gate_b.set_result(None)
        await asyncio.gather(b, return_exceptions=True)


async def test_an_outage_of_hours_is_outlasted_but_a_day_late_post_is_given_up(
    app: App, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    await queue(app, ["day"])
    outage = [DeliveryFailed("503 Service Unavailable", retry_after=1) for _ in range(200)]
    platform = Flaky(clock, failures=outage)
    delivery = worker(app, platform, "w")
    for _ in range(6 * 60):  # six hours of 503s, a delivery tick a minute: still retrying
        await delivery.drain()
        clock.advance(timedelta(minutes=1))
    day = (await rows(app))["day"]
    assert day.status == "pending" and day.attempts > 30 and platform.shown == []
    platform.failures.clear()  # the platform is back
    clock.advance(timedelta(minutes=10))
    await delivery.drain()
    assert platform.shown == ["day"]

    await queue(app, ["late"])
    stuck = Flaky(clock, failures=[DeliveryFailed("503", retry_after=1) for _ in range(200)])
    late = worker(app, stuck, "w2")
    caplog.set_level(logging.ERROR)
    for _ in range(26):  # more than a day of failures: the post no longer makes sense
        await late.drain()
        clock.advance(timedelta(hours=1))
    assert (await rows(app))["late"].status == "failed"
    assert any("failed for good" in r.getMessage() for r in caplog.records)
