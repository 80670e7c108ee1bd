"""The outbox lease is honoured per send (issue 11, item 5).

Two delivery replicas (their own engine and worker name each, one database) drain the same
backlog through a slow platform: every send takes longer than the lease. Before each send a
replica checks, in one short transaction, that it still holds the row's lease and extends it;
while the send is in flight the lease keeps being extended; a row whose lease was lost is not
sent; the claim size follows the platform's pace. So: every post exactly once, none lost — with
one send at a time (a publisher that declares no rate) and with overlapping sends (one that
declares its ``rate``).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App, build
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import OutboxMessage
from bot.replies import Reply
from bot.services.members import community_of
from bot.services.outbox import DeliveryService, enqueue
from bot.services.ports import Publishers
from tests.helpers import console_actor

# Every send outlives the lease, so only the per-send check and the heartbeat (every third of
# the lease) keep a post from going out twice. The lease is long enough that the heartbeat
# survives a busy CI machine's stalls (a 0.3 s lease failed once when a renewal waited 0.2 s
# behind the other replica's write): the guarantee is "a heartbeat within the lease".
LEASE = timedelta(seconds=1.0)
SEND = 1.2  # seconds per platform call: longer than the lease
GROUPS, PER_GROUP = 4, 2


@dataclass
class SlowPlatform:
    """Every call takes ``SEND`` seconds; counts what each channel shows."""

    rate: float | None = None  # sends per second it declares (it paces itself), or none
    shown: Counter[str] = field(default_factory=Counter)

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        await asyncio.sleep(SEND)
        title = reply.title or ""
        self.shown[title] += 1
        return f"{title}#{self.shown[title]}"

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        return await self.post(community_id, user_id, reply)

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        return True

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        return ""


@pytest.fixture
async def apps(db_url: str, catalog: Catalog) -> AsyncIterator[tuple[App, App]]:
    """Two processes' worth of app on one database (real clock)."""
    a = build(Settings(database_url=db_url), catalog=catalog)
    b = build(Settings(database_url=db_url), catalog=catalog)
    yield a, b
    await a.aclose()
    await b.aclose()


async def queue_backlog(app: App) -> list[str]:
    titles = []
    now = app.clock.now()
    for g in range(GROUPS):
        async with app.uow() as uow:
            community = await community_of(uow, console_actor("mod", f"group{g}"), now)
            for n in range(PER_GROUP):
                title = f"g{g}-post{n}"
                reply = Reply(f"Text of {title}", title=title, private=False)
                assert await enqueue(uow, community, "daily", title, reply, now)
                titles.append(title)
            await uow.commit()
    return titles


async def open_rows(app: App) -> int:
    async with app.uow(write=False) as uow:
        stmt = select(func.count()).where(OutboxMessage.status.in_(("pending", "sending")))
        return int((await uow.session.execute(stmt)).scalar_one())


async def replica_loop(delivery: DeliveryService, app: App, deadline: float) -> None:
    """The scheduler's delivery loop, with a short tick."""
    while time.monotonic() < deadline:
        await delivery.drain()
        if not await open_rows(app):
            return
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("rate", [None, 20.0], ids=["one-at-a-time", "overlapping"])
async def test_two_replicas_and_a_slow_platform_send_every_post_exactly_once(
    apps: tuple[App, App], rate: float | None
) -> None:
    a, b = apps
    titles = await queue_backlog(a)
    platform = SlowPlatform(rate=rate)
    replicas = []
    for app, name in ((a, "replica-a"), (b, "replica-b")):
        publishers = Publishers()
        publishers.register("console", platform)
        replicas.append((DeliveryService(app.uow, app.clock, publishers, name, lease=LEASE), app))
    deadline = time.monotonic() + 60
    await asyncio.gather(*(replica_loop(d, app, deadline) for d, app in replicas))

    duplicates = {t: n for t, n in platform.shown.items() if n > 1}
    assert duplicates == {}, f"sent more than once: {duplicates}"
    assert sorted(platform.shown) == sorted(titles), "a post was lost"
    async with a.uow(write=False) as uow:
        stored = (await uow.session.execute(select(OutboxMessage))).scalars().all()
    assert {r.status for r in stored} == {"sent"}
    assert {r.message_id for r in stored} == {f"{t}#1" for t in titles}


async def test_the_claim_follows_the_platforms_pace(apps: tuple[App, App]) -> None:
    a, _ = apps
    publishers = Publishers()
    publishers.register("console", SlowPlatform())  # declares no rate: one a second assumed
    delivery = DeliveryService(a.uow, a.clock, publishers, "w", lease=timedelta(seconds=60))
    assert delivery.claim_size(["console"], 50) == 30  # half a lease at 1 send/s
    publishers.register("console", SlowPlatform(rate=50))
    assert delivery.claim_size(["console"], 50) == 50
    short = DeliveryService(a.uow, a.clock, publishers, "w", lease=timedelta(seconds=1))
    assert short.claim_size(["console"], 50) == 25
    publishers.register("console", SlowPlatform(rate=0.5))
    assert short.claim_size(["console"], 50) == 1  # never less than one
