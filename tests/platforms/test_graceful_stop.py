"""A clean stop (issue 14): on SIGTERM a real `mlpath run slack --http` process takes no new
work, lets the send in flight finish, hands back the posts it leased but never sent, and
exits 0 within 10 s."""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.bootstrap import build
from bot.config import Settings
from bot.db.models import Community, OutboxMessage
from bot.replies import Reply
from bot.services.outbox import enqueue
from tests.platforms.fake_slack import FakeSlackAPI
from tests.platforms.slack_support import SECRET, TEAM


async def seed_posts(url: str, count: int) -> None:
    app = build(Settings(database_url=url))
    try:
        now = datetime.now(UTC)
        async with app.uow() as uow:
            community = Community(
                platform="slack",
                external_id=TEAM,
                name="study",
                timezone="UTC",
                day_start="00:00",
                post_time="09:00",
                channel_id="C0STUDY",
                paused=True,  # nothing scheduled: only these posts
                created_at=now,
            )
            uow.session.add(community)
            await uow.session.flush()
            for n in range(count):
                await enqueue(uow, community, "note", f"post-{n}", Reply(f"post {n}"), now)
            await uow.commit()
    finally:
        await app.aclose()


async def statuses(url: str) -> list[tuple[str, str | None]]:
    app = build(Settings(database_url=url))
    try:
        async with app.uow(write=False) as uow:
            rows = await uow.session.execute(
                select(OutboxMessage.status, OutboxMessage.claimed_by).order_by(OutboxMessage.key)
            )
            return [(status, worker) for status, worker in rows.all()]
    finally:
        await app.aclose()


async def test_sigterm_finishes_the_send_in_flight_and_hands_back_the_rest(
    tmp_path: Path,
) -> None:
    from bench.slack_burst import slack_http_process

    url = f"sqlite+aiosqlite:///{tmp_path / 'stop.db'}"
    async with FakeSlackAPI(team_id=TEAM) as fake:
        fake.delay("chat.postMessage", 1.5)  # a slow Web API: the first send is in flight
        async with slack_http_process(url, fake.base_url, SECRET) as bot:
            await seed_posts(url, 3)
            for _ in range(200):  # the delivery loop claims the three and starts the first
                if fake.calls_to("chat.postMessage"):
                    break
                await asyncio.sleep(0.05)
            assert len(fake.calls_to("chat.postMessage")) == 1
            stopping = time.monotonic()
            bot.process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(bot.process.wait(), 10)
            took = time.monotonic() - stopping
        assert code == 0, bot.log
        assert took < 10
        assert len(fake.calls_to("chat.postMessage")) == 1  # nothing new started
        assert "Traceback" not in bot.log
    rows = await statuses(url)
    assert [status for status, _ in rows] == ["sent", "pending", "pending"]
    assert [worker for _, worker in rows[1:]] == [None, None]  # handed back, not leased
