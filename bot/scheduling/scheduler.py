"""APScheduler 3 drives the daily rhythm; the database (not the job store) is the truth.

* One job per community fires at its next post instant (computed by ``bot.domain.schedule``,
  so DST gaps and folds are handled there, not by cron). Firing queues the posts in the outbox
  under unique keys — two replicas firing together still queue each post once — and re-arms.
* Jobs are re-derived at start, when a moderator changes settings in this process, and every
  few minutes (settings changed by another replica).
* Delivery runs every second; reminders are checked every minute.
* Started once from ``mlpath run``, never from a gateway's ``on_ready``.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.bootstrap import App
from bot.domain.schedule import next_due
from bot.services.daily import post_clock

log = logging.getLogger("mlpath.scheduler")

RESYNC_EVERY = timedelta(minutes=5)
DELIVER_EVERY = timedelta(seconds=1)
REMINDERS_EVERY = timedelta(minutes=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class Scheduler:
    def __init__(self, app: App) -> None:
        self._app = app
        self._aps = AsyncIOScheduler(timezone=UTC)
        app.notifier.on_community_changed(self.rearm)

    async def start(self) -> None:
        aps = self._aps
        aps.add_job(
            self.deliver,
            IntervalTrigger(seconds=DELIVER_EVERY.total_seconds()),
            id="deliver",
            max_instances=1,
            coalesce=True,
        )
        aps.add_job(
            self.reminders,
            IntervalTrigger(seconds=REMINDERS_EVERY.total_seconds()),
            id="reminders",
            max_instances=1,
            coalesce=True,
        )
        aps.add_job(
            self.sync,
            IntervalTrigger(seconds=RESYNC_EVERY.total_seconds()),
            id="sync",
            max_instances=1,
            coalesce=True,
        )
        aps.start()
        queued = await self._app.services.daily.run_due()  # catch up after downtime
        log.info("scheduler started; %d post(s) caught up", queued)
        await self.sync()

    def shutdown(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)

    async def sync(self) -> None:
        """(Re)derive one job per scheduled community from the database."""
        async with self._app.uow(write=False) as uow:
            communities = await uow.communities.all_scheduled()
        wanted = {f"daily-{c.id}": c for c in communities}
        for job in self._aps.get_jobs():
            if job.id.startswith("daily-") and job.id not in wanted:
                job.remove()
        now = self._app.clock.now()
        for job_id, community in wanted.items():
            _, instant = next_due(post_clock(community), now)
            self._aps.add_job(
                self.fire,
                DateTrigger(run_date=instant),
                args=[community.id],
                id=job_id,
                replace_existing=True,
                misfire_grace_time=int(self._app.services.daily.catch_up.total_seconds()),
            )

    async def rearm(self, community_id: int) -> None:
        await self.sync()

    async def fire(self, community_id: int) -> None:
        queued = await self._app.services.daily.run_due(community_id)
        log.info("community %s: %d post(s) queued", community_id, queued)
        await self.deliver()
        await self.sync()

    async def reminders(self) -> None:
        await self._app.services.daily.run_due_reminders()

    async def deliver(self) -> None:
        await self._app.services.delivery.drain()
