"""Moderator commands for the daily rhythm: setup, pause/resume, post-now (SPEC §6)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.roadmap import roadmap_day
from bot.domain.schedule import next_due
from bot.domain.timeutil import (
    canonical_timezone,
    format_hhmm,
    human_date,
    human_time,
    parse_hhmm,
    study_day,
)
from bot.replies import Reply
from bot.services.actor import Actor, channel_label
from bot.services.daily import DailyService, post_clock
from bot.services.members import community_today, enrol, refresh_streak_ends
from bot.services.moderation import audit, require_moderator
from bot.services.outbox import enqueue
from bot.services.ports import Notifier, Publishers

FUTURE_START_LIMIT = timedelta(days=90)


def parse_start(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"`{value[:20]}` is not a date: use YYYY-MM-DD, e.g. 2026-01-05.") from None


class AdminService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        daily: DailyService,
        publishers: Publishers,
        notifier: Notifier,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._daily = daily
        self._publishers = publishers
        self._notifier = notifier

    async def setup(
        self,
        actor: Actor,
        channel: str,
        post_time: str,
        timezone: str,
        day_start: str | None = None,
        start_date: str | None = None,
    ) -> Reply:
        """Where and when the daily post goes. Everything is checked before anything changes."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            await require_moderator(uow, enrolment, actor, "setup", now)
            community = enrolment.community
            at = format_hhmm(parse_hhmm(post_time, "post time"))
            tz = canonical_timezone(timezone)
            start_of_day = format_hhmm(parse_hhmm(day_start or community.day_start, "day start"))
            if not await self._channel_ok(actor, channel):
                raise BadInput(
                    f"I cannot find the channel `{channel[:40]}` here, or cannot post there."
                )
            today = study_day(now, tz, parse_hhmm(start_of_day))  # in the new settings
            keep = community.roadmap_start
            start = parse_start(start_date) if start_date else (keep or today)
            total = len(self._catalog.roadmap.days)
            earliest, latest = today - timedelta(days=total - 1), today + FUTURE_START_LIMIT
            if not earliest <= start <= latest:
                raise BadInput(
                    f"The start date must be between {human_date(earliest)} "
                    f"(the roadmap has {total} days) and {human_date(latest)}."
                )
            before = {
                "channel": community.channel_id,
                "post_time": community.post_time,
                "timezone": community.timezone,
                "day_start": community.day_start,
                "roadmap_start": community.roadmap_start.isoformat()
                if community.roadmap_start
                else None,
            }
            community.channel_id, community.post_time, community.timezone = channel, at, tz
            community.day_start, community.roadmap_start = start_of_day, start
            if (tz, start_of_day) != (before["timezone"], before["day_start"]):
                await refresh_streak_ends(uow, community)
            late = await self._daily.post_missed_today(uow, community, now)
            await audit(
                uow,
                enrolment,
                "setup",
                now,
                before=before,
                channel=channel,
                post_time=at,
                timezone=tz,
                day_start=start_of_day,
                start=start.isoformat(),
            )
            await uow.commit()
        await self._notifier.community_changed(community.id)
        _, first = next_due(post_clock(community), now)
        day = roadmap_day(start, community_today(community, now))
        where = f"Day {day} of {total}" if day >= 1 else f"Day 1 on {human_date(start)}"
        due = f"the next post is due {human_time(first, tz)}."
        if late:
            due = f"today's post goes out now, as its time has passed; {due}"
        return Reply(
            f"Daily posts go to {channel_label(actor.platform, channel)} at {at} {tz} "
            f"(study days start at {start_of_day}). The group is on {where}; {due}",
            title="Study group set up",
        )

    async def _channel_ok(self, actor: Actor, channel: str) -> bool:
        try:
            publisher = self._publishers.get(actor.platform)
        except LookupError:
            return False
        return await publisher.channel_exists(actor.community_id, channel)

    async def set_paused(self, actor: Actor, paused: bool) -> Reply:
        now = self._clock.now()
        action = "pause" if paused else "resume"
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            await require_moderator(uow, enrolment, actor, action, now)
            enrolment.community.paused = paused
            await audit(uow, enrolment, action, now)
            await uow.commit()
        await self._notifier.community_changed(enrolment.community.id)
        if paused:
            return Reply("Daily posts and reminders are paused. /admin resume starts them again.")
        return Reply("Daily posts and reminders are back on.")

    async def post_now(self, actor: Actor, what: str) -> Reply:
        """Queue today's daily, challenge or weekly post now; the same post is never sent twice."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            await require_moderator(uow, enrolment, actor, "post-now", now)
            community = enrolment.community
            if community.roadmap_start is None or community.channel_id is None:
                raise BadInput("Set the group up first: /admin setup channel time timezone.")
            day = community_today(community, now)
            posts = {
                kind: (key, r)
                for kind, key, r in await self._daily.posts_for(uow, community, day, now)
            }
            if what not in posts:
                raise BadInput(f"There is no {what} post for today.")
            key, reply = posts[what]
            if not await enqueue(uow, community, what, key, reply, now):  # same key as scheduled
                await uow.commit()
                return Reply(f"Today's {what} post has already gone out to {community.channel_id}.")
            await audit(uow, enrolment, "post-now", now, what=what, day=day.isoformat())
            await uow.commit()
        return Reply(f"Posting today's {what} post to {community.channel_id} now.")
