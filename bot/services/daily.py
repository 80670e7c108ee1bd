"""The daily rhythm (SPEC §3): when a community's posts of a study day are queued (what they
are, and their keys: ``bot.services.daily_posts``)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import Challenge, Community
from bot.db.uow import UnitOfWork, UnitOfWorkFactory, retrying
from bot.domain.roadmap import roadmap_day
from bot.domain.schedule import PostClock, latest_due, next_due, post_instant
from bot.domain.timeutil import parse_hhmm, study_day
from bot.replies import Reply
from bot.services.challenge import ChallengeService, with_reveal
from bot.services.daily_posts import DailyPosts
from bot.services.outbox import enqueue, new_post
from bot.services.reminders import queue_reminders, reminder_clock

log = logging.getLogger("mlpath.daily")

CATCH_UP = timedelta(hours=6)
# Communities queued at once by a sweep, each in its own short transaction: on Postgres they
# run side by side; on SQLite they take turns for the one writer while the next one prepares.
QUEUE_CONCURRENCY = 4
SKIP_LOOKBACK_DAYS = 14


def post_clock(community: Community) -> PostClock:
    return PostClock(
        community.timezone, parse_hhmm(community.post_time), parse_hhmm(community.day_start)
    )


def is_scheduled(community: Community) -> bool:
    return bool(community.roadmap_start and community.channel_id and not community.paused)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A community's posts of ``day``, prepared outside the write transaction."""

    community: Community
    day: date
    question: str  # the challenge question chosen (unless one exists by the write)
    reveal: Reply | None
    weekly: Reply | None


class DailyService(DailyPosts):
    """When the daily rhythm posts: each community's posts queued once per study day, at its
    post time, caught up after downtime (what they are: ``DailyPosts``)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        challenge: ChallengeService,
        *,
        catch_up: timedelta = CATCH_UP,
    ) -> None:
        super().__init__(catalog, challenge)
        self._uow = uow
        self._clock = clock
        self.catch_up = catch_up

    # --- when ----------------------------------------------------------------------------------

    async def enqueue_day(
        self,
        uow: UnitOfWork,
        community: Community,
        day: date,
        now: datetime,
    ) -> int:
        queued = 0
        for kind, key, reply in await self.posts_for(uow, community, day, now, scheduled=True):
            queued += await enqueue(uow, community, kind, key, reply, now)
        return queued

    async def post_missed_today(self, uow: UnitOfWork, community: Community, now: datetime) -> bool:
        """Queue today's posts when today's post time passed before the group was set up (or
        moved its post time earlier), in the caller's transaction: a group set up at 16:00
        for 09:00 posts starts today, not tomorrow, and today is not recorded as skipped.
        Days before today are not caught up; a day already queued or sent is kept."""
        if not is_scheduled(community):
            return False
        day, _ = latest_due(post_clock(community), now)
        if day != study_day(now, community.timezone, parse_hhmm(community.day_start)):
            return False  # today's post time is still ahead: the scheduler posts it then
        return await self.enqueue_day(uow, community, day, now) > 0

    def _wanted(
        self, community: Community, due: tuple[date, datetime], now: datetime
    ) -> list[tuple[str, str]]:
        """The outbox keys that must exist for ``community`` to have nothing due now: the
        posts of its latest ``due`` day (or their ``skipped`` record past the catch-up window)
        and the record of the day before."""
        day, instant = due
        wanted = []
        if self.on_roadmap(community, day - timedelta(days=1)):
            wanted.append(("daily", (day - timedelta(days=1)).isoformat()))
        if now - instant > self.catch_up:
            if self.on_roadmap(community, day):
                wanted.append(("daily", day.isoformat()))
        else:
            wanted.extend(self.expected(community, day))
        return wanted

    async def run_due(self, community_id: int | None = None) -> int:
        """Queue what is due now (within the catch-up window); idempotent, safe on replicas.

        One read unit finds the communities with something due and prepares their posts; each
        of them is then queued in a short write transaction of its own, so the write lock is
        never held across communities (the burst after the daily post must not wait behind
        the sweep), and communities with nothing due cost no write at all. A community that
        fails is logged and left to the next sync; the others go on."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            if community_id is None:
                communities = list(await uow.communities.all_scheduled())
            else:
                one = await uow.communities.by_id(community_id)
                communities = [one] if one is not None and is_scheduled(one) else []
            # Each community's latest due day and instant, worked out once for the sweep.
            dues = {c.id: latest_due(post_clock(c), now) for c in communities}
            wanted = {c.id: self._wanted(c, dues[c.id], now) for c in communities}
            yesterdays = {
                (cid, "challenge", (day - timedelta(days=1)).isoformat())
                for cid, (day, _) in dues.items()
            }
            present = await uow.outbox.present(
                {(cid, kind, key) for cid, keys in wanted.items() for kind, key in keys}
                | yesterdays
            )
            due = [
                c
                for c in communities
                if not all((c.id, kind, key) in present for kind, key in wanted[c.id])
            ]
            plans = await self._plans(uow, due, dues, now, present)
        slots = asyncio.Semaphore(QUEUE_CONCURRENCY)

        async def queue(community: Community) -> int:
            plan = plans.get(community.id)
            async with slots:
                try:
                    if plan is not None:
                        return await retrying(partial(self._queue_planned, plan, now))
                    return await retrying(partial(self._queue_community, community.id, now))
                except Exception:
                    if community_id is not None:
                        raise
                    log.exception(
                        "community %s: queuing failed; the next sync retries", community.id
                    )
                    return 0

        queued = sum(await asyncio.gather(*(queue(c) for c in due)))
        queued += await queue_reminders(self._uow, now, community_id)
        return queued

    async def _plans(
        self,
        uow: UnitOfWork,
        communities: list[Community],
        dues: dict[int, tuple[date, datetime]],
        now: datetime,
        present: set[tuple[int, str, str]],
    ) -> dict[int, _Plan]:
        """The posts of the common case — today's posts due within the catch-up window, no
        day to record as skipped — prepared for many communities with a few reads. The rest
        (catch-up after downtime, the roadmap's end) take the general path."""
        simple: list[tuple[Community, date]] = []
        for c in communities:
            day, instant = dues[c.id]
            before = self.on_roadmap(c, day - timedelta(days=1))
            if now - instant > self.catch_up or not self.on_roadmap(c, day):
                continue
            if before and (c.id, "daily", (day - timedelta(days=1)).isoformat()) not in present:
                continue
            simple.append((c, day))
        if not simple:
            return {}
        ids = [c.id for c, _ in simple]
        days = {d for _, d in simple} | {d - timedelta(days=1) for _, d in simple}
        challenges = await uow.communities.challenges_on(ids, days)
        choosing = [c.id for c, d in simple if (c.id, d) not in challenges]
        used = await uow.communities.challenge_questions(choosing)
        disabled = await uow.communities.disabled_questions(choosing)
        plans: dict[int, _Plan] = {}
        for community, day in simple:
            yesterday = day - timedelta(days=1)
            reveal = None
            if (community.id, "challenge", yesterday.isoformat()) in present and (
                community.id,
                yesterday,
            ) in challenges:
                reveal = await self._challenge.reveal(uow, community, yesterday)
            chosen = challenges.get((community.id, day))
            question = (
                chosen[1]
                if chosen
                else self._challenge.pick(
                    disabled.get(community.id, set()),
                    used.get(community.id, set()),
                    self._challenge.day_questions(community, day),
                )
            )
            if question is None:
                continue  # every question disabled: the general path reports it
            weekly = None
            n = roadmap_day(community.roadmap_start or day, day)
            if day.weekday() == 0 and n > 1:
                weekly = await self.weekly_reply(uow, community, day)
            plans[community.id] = _Plan(community, day, question, reveal, weekly)
        return plans

    async def _queue_planned(self, plan: _Plan, now: datetime) -> int:
        """One community's posts of the day: a challenge row and the outbox rows, in one short
        write transaction (insert-or-keep, so a replica that got there first wins)."""
        community, day = plan.community, plan.day
        key = day.isoformat()
        daily = self.day_reply(community, day)
        assert daily is not None
        before = [("daily", daily)]
        after = [("weekly", plan.weekly)] if plan.weekly is not None else []
        async with self._uow() as uow:
            challenge_id, question = await uow.communities.add_challenge(
                community.id, day, plan.question, now
            )
            challenge = Challenge(
                id=challenge_id, community_id=community.id, local_date=day, question_id=question
            )
            post = self._challenge.post(challenge)
            if plan.reveal is not None:
                post = with_reveal(post, plan.reveal)
            posts = [*before, ("challenge", post), *after]
            rows = [new_post(community, kind, key, reply, now) for kind, reply in posts]
            await uow.commit_with_next()
            queued = await uow.outbox.enqueue_many([r for r in rows if r is not None])
            await uow.commit()
        return queued

    async def _queue_community(self, community_id: int, now: datetime) -> int:
        """One community's due posts, in one short write transaction (re-checked inside it:
        a replica or a moderator may have queued some of them since the read)."""
        async with self._uow() as uow:
            community = await uow.communities.by_id(community_id)
            if community is None or not is_scheduled(community):
                return 0
            day, instant = latest_due(post_clock(community), now)
            await self._record_skipped(uow, community, day - timedelta(days=1), now)
            if now - instant > self.catch_up:
                await self._record_skipped(uow, community, day, now)
                queued = 0
            else:
                queued = await self.enqueue_day(uow, community, day, now)
            await uow.commit()
        return queued

    async def _record_skipped(
        self, uow: UnitOfWork, community: Community, day: date, now: datetime
    ) -> None:
        """Days back from ``day`` whose post was never queued (downtime beyond the catch-up
        window) are logged once and kept as ``skipped`` rows, so they are never sent late."""
        for _ in range(SKIP_LOOKBACK_DAYS):
            reply = self.day_reply(community, day)
            if reply is None or await uow.outbox.exists(community.id, "daily", day.isoformat()):
                return
            instant = post_instant(post_clock(community), day)
            log.warning(
                "skipped the post of %s for %s: due %s, more than %s before it could be sent",
                community.external_id,
                day,
                instant.isoformat(),
                self.catch_up,
            )
            await enqueue(uow, community, "daily", day.isoformat(), reply, now, status="skipped")
            day -= timedelta(days=1)

    async def run_due_reminders(self) -> int:
        return await queue_reminders(self._uow, self._clock.now(), None)

    async def next_instant(self, after: datetime) -> datetime | None:
        """The next moment anything (a post or a reminder) falls due, for the console clock."""
        instants: list[datetime] = []
        async with self._uow(write=False) as uow:
            for community in await uow.communities.all_scheduled():
                instants.append(next_due(post_clock(community), after)[1])
            for member, community in await uow.members.with_reminders():
                clock = reminder_clock(member, community)
                if clock is not None:
                    instants.append(next_due(clock, after)[1])
        return min(instants, default=None)
