"""The APScheduler wiring: jobs derived from the database, catch-up at start, re-armed on change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bootstrap import build
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.domain.schedule import next_due
from bot.domain.timeutil import zone
from bot.scheduling.scheduler import Scheduler
from bot.services.daily import post_clock
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder


async def test_scheduler_catches_up_arms_jobs_and_rearms_on_setup(
    tmp_path: Path, sqlite_template: Path, catalog: Catalog
) -> None:
    db = tmp_path / "sched.db"
    db.write_bytes(sqlite_template.read_bytes())
    app = build(Settings(database_url=f"sqlite+aiosqlite:///{db}"), catalog=catalog)
    recorder = Recorder()
    app.publishers.register("console", recorder)
    # a fixed-offset zone where it is about noon now, so "an hour ago" is always today
    shift = 12 - datetime.now(UTC).hour
    tz = "Etc/GMT" + (f"-{shift}" if shift > 0 else f"+{-shift}")
    now = datetime.now(zone(tz))
    earlier = (now - timedelta(hours=1)).strftime("%H:%M")
    for name in ("alpha", "beta"):
        mod = console_actor("mod", community=name)
        await app.dispatcher.text(mod, "/streak")
        reply = await app.dispatcher.text(mod, f"/admin setup #{name} {earlier} {tz}")
        assert reply.title == "Study group set up", reply.text
    scheduler = Scheduler(app)
    try:
        await scheduler.start()
        for _ in range(100):
            if len(recorder.posts) >= 4:
                break
            await asyncio.sleep(0.1)
        assert sorted((ch, (r.title or "").split(" · ")[0]) for ch, r in recorder.posts) == [
            ("alpha", "Daily challenge"),
            ("alpha", "Day 1"),
            ("beta", "Daily challenge"),
            ("beta", "Day 1"),
        ]
        async with app.uow(write=False) as uow:
            communities = {c.external_id: c for c in await uow.communities.all_scheduled()}
        jobs = {job.id: job for job in scheduler._aps.get_jobs()}
        for community in communities.values():
            _, expected = next_due(post_clock(community), datetime.now(UTC))
            assert jobs[f"daily-{community.id}"].next_run_time == expected
        later = (now + timedelta(hours=2)).strftime("%H:%M")
        await app.dispatcher.text(
            console_actor("mod", community="alpha"), f"/admin setup #alpha {later} UTC"
        )
        job = scheduler._aps.get_job(f"daily-{communities['alpha'].id}")
        assert job is not None and job.next_run_time.strftime("%H:%M") == later
        await app.dispatcher.text(console_actor("mod", community="beta"), "/admin pause")
        assert scheduler._aps.get_job(f"daily-{communities['beta'].id}") is None
        await asyncio.sleep(1.5)
        assert len(recorder.posts) == 4  # nothing posted twice
    finally:
        scheduler.shutdown()
        await app.aclose()
