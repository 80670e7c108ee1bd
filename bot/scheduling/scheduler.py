"""APScheduler 3 drives the daily rhythm; the database (not the job store) is the truth.

* One job per community fires at its next post instant (computed by ``bot.domain.schedule``,
  so DST gaps and folds are handled there, not by cron). Firing queues the posts in the outbox
  under unique keys — two replicas firing together still queue each post once — and re-arms.
* Jobs are re-derived at start, when a moderator changes settings in this process, and every
  few minutes (settings changed by another replica). The sweep reads which communities have
  anything due, then queues each in a short write transaction of its own: the write lock is
  never held across communities, and a community with nothing due costs no write.
* Delivery drains the outbox in one loop, a second between rounds; reminders are checked
  every minute; processed events and old sent posts are pruned every hour (``housekeeping``),
  the first time a minute after start, so a process restarted often still prunes.
* Started once from ``mlpath run``, never from a gateway's ``on_ready``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.bootstrap import App
from bot.domain.schedule import next_due
from bot.scheduling.housekeeping import prune
from bot.services.daily import is_scheduled, post_clock

log = logging.getLogger("mlpath.scheduler")

RESYNC_EVERY = timedelta(minutes=5)
DELIVER_EVERY = timedelta(seconds=1)
REMINDERS_EVERY = timedelta(minutes=1)
FIRE_CONCURRENCY = 4  # well under the connection pool; the delivery job posts what they queue
FIRE_RETRY = timedelta(minutes=1)
STOP_GRACE_SECONDS = 5.0  # SIGTERM: sends in flight may finish, within the 10 s a stop takes
PRUNE_EVERY = timedelta(hours=1)
PRUNE_FIRST_AFTER = timedelta(minutes=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class Scheduler:
    def __init__(self, app: App) -> None:
        self._app = app
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._fire_slots = asyncio.Semaphore(FIRE_CONCURRENCY)
        self._delivery: asyncio.Task[None] | None = None
        app.notifier.on_community_changed(self.rearm)

    async def start(self) -> None:
        aps = self._aps
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
        aps.add_job(
            self.prune,
            IntervalTrigger(seconds=PRUNE_EVERY.total_seconds()),
            id="prune",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC) + PRUNE_FIRST_AFTER,
        )
        aps.add_listener(self._submitted, EVENT_JOB_SUBMITTED)
        aps.start()
        self._delivery = self._app.background.spawn(self._deliver_forever(), name="delivery")
        queued = await self.sync()  # catches up after downtime, then arms the jobs
        log.info("scheduler started; %d post(s) caught up", queued)

    async def alive(self) -> bool:
        """Jobs are armed and the delivery loop lives (readiness: ``/readyz``)."""
        return bool(self._aps.running) and self._delivery is not None and not self._delivery.done()

    def _submitted(self, event: JobSubmissionEvent) -> None:
        """How late each job started after it was due (the metrics' scheduler lag)."""
        due = max(event.scheduled_run_times)
        late = (datetime.now(UTC) - due).total_seconds()
        self._app.metrics.scheduler_lag.set(max(late, 0.0))

    def shutdown(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)
        if self._delivery is not None:
            self._delivery.cancel()

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """A clean stop: no new job or send; the sends in flight get ``grace`` seconds to
        finish; the rows this process leased but never sent are handed back."""
        if self._aps.running:
            self._aps.shutdown(wait=False)
        delivery = self._app.services.delivery
        delivery.stop()
        if self._delivery is not None and not self._delivery.done():
            try:
                await asyncio.wait_for(asyncio.shield(self._delivery), grace)
            except TimeoutError:
                log.warning("deliveries still in flight after %.0f s; stopping anyway", grace)
            self._delivery.cancel()
        released = await delivery.release()
        if released:
            log.info("handed back %d leased post(s) for another process", released)

    async def sync(self) -> int:
        """Queue anything due (idempotent), then (re)derive one job per scheduled community
        from the database — a post due now is never skipped by arming only the next one.
        Quiz rounds whose process died are ended here too, with their scores. Returns how
        many posts were queued."""
        queued = await self._app.services.daily.run_due()
        for platform in self._app.publishers.platforms():
            await self._app.services.rounds.recover(platform)
        async with self._app.uow(write=False) as uow:
            communities = await uow.communities.all_scheduled()
        wanted = {f"daily-{c.id}": c for c in communities}
        for job in self._aps.get_jobs():
            if job.id.startswith("daily-") and job.id not in wanted:
                job.remove()
        now = self._app.clock.now()
        for community in wanted.values():
            self._arm(community.id, next_due(post_clock(community), now)[1])
        return queued

    def _arm(self, community_id: int, instant: datetime) -> None:
        self._aps.add_job(
            self.fire,
            DateTrigger(run_date=instant),
            args=[community_id],
            id=f"daily-{community_id}",
            replace_existing=True,
            misfire_grace_time=int(self._app.services.daily.catch_up.total_seconds()),
        )

    async def rearm(self, community_id: int) -> None:
        """A moderator changed this community here: queue what is due, re-derive its job."""
        await self._app.services.daily.run_due(community_id)
        await self._arm_next(community_id)

    async def _arm_next(self, community_id: int) -> None:
        """Arm the community's next post, or drop its job when it is no longer scheduled."""
        async with self._app.uow(write=False) as uow:
            community = await uow.communities.by_id(community_id)
        if community is None or not is_scheduled(community):
            job = self._aps.get_job(f"daily-{community_id}")
            if job is not None:
                job.remove()
            return
        self._arm(community_id, next_due(post_clock(community), self._app.clock.now())[1])

    async def fire(self, community_id: int) -> None:
        """Queue one community's posts and re-arm its job. Many communities share a post
        minute, so fires take turns for database connections instead of exhausting the pool."""
        async with self._fire_slots:
            try:
                queued = await self._app.services.daily.run_due(community_id)
            except Exception:
                log.exception("community %s: queuing failed; retrying in a minute", community_id)
                self._arm(community_id, self._app.clock.now() + FIRE_RETRY)
                return
            log.info("community %s: %d post(s) queued", community_id, queued)
            await self._arm_next(community_id)

    async def reminders(self) -> None:
        await self._app.services.daily.run_due_reminders()
        # Study-pair rounds (Mondays) and their Thursday question, at the post time: checked
        # with the reminders, every minute; each is held once (``bot.pairs.rounds``).
        await self._app.services.pairs.rounds.run_due()
        await self._app.services.competitions.close_due()  # past their deadline, once each

    async def prune(self) -> None:
        """Forget old delivery keys and sent posts, a small batch per transaction."""
        try:
            pruned = await prune(self._app.uow, self._app.clock.now())
        except Exception:
            log.exception("pruning failed; trying again in %s", PRUNE_EVERY)
            return
        if pruned.events or pruned.sent:
            log.info("pruned %d processed event(s) and %d sent post(s)", pruned.events, pruned.sent)

    async def _deliver_forever(self) -> None:
        """Drain the outbox, then wait a second: one loop, so deliveries never overlap."""
        delivery = self._app.services.delivery
        while not delivery.stopping:
            try:
                await delivery.drain()
            except Exception:
                log.exception("delivery round failed; trying again")
            if not delivery.stopping:
                await asyncio.sleep(DELIVER_EVERY.total_seconds())
