"""The daily rhythm (SPEC §3): what a community gets posted for a study day, and when."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import Community, Member
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.periods import period_key
from bot.domain.roadmap import roadmap_day
from bot.domain.schedule import PostClock, latest_due, next_due, post_instant
from bot.domain.streaks import shown_streak
from bot.domain.timeutil import human_date, parse_hhmm
from bot.domain.wording import plural
from bot.replies import Button, Field, Reply, form_button
from bot.services.members import member_timezone, stored_streak
from bot.services.outbox import DM_PREFIX, enqueue
from bot.services.quiz import QuizService

log = logging.getLogger("mlpath.daily")

CATCH_UP = timedelta(hours=6)
SKIP_LOOKBACK_DAYS = 14
REMINDER_CATCH_UP = timedelta(hours=1)
CHECKIN = Button("Check in", "checkin", style="success")
QUIZ_ME = Button("Quiz me", "quiz", style="primary")


def post_clock(community: Community) -> PostClock:
    return PostClock(
        community.timezone, parse_hhmm(community.post_time), parse_hhmm(community.day_start)
    )


def reminder_clock(member: Member, community: Community) -> PostClock | None:
    if not member.remind_at:
        return None
    return PostClock(
        member_timezone(member, community),
        parse_hhmm(member.remind_at),
        parse_hhmm(community.day_start),
    )


def is_scheduled(community: Community) -> bool:
    return bool(community.roadmap_start and community.channel_id and not community.paused)


RECAP_TOP = 5


class DailyService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        quiz: QuizService,
        *,
        catch_up: timedelta = CATCH_UP,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._quiz = quiz
        self.catch_up = catch_up

    # --- what gets posted ---------------------------------------------------------------------

    def day_reply(self, community: Community, day: date, *, private: bool = False) -> Reply | None:
        """The roadmap post of study ``day``, or None outside the roadmap."""
        if community.roadmap_start is None:
            return None
        n = roadmap_day(community.roadmap_start, day)
        days = self._catalog.roadmap.days
        if not 1 <= n <= len(days):
            return None
        content = days[n - 1]
        step = self._catalog.roadmap.step(content.step)
        fields = [Field("Reflect", content.reflection, inline=False)]
        topics = ", ".join(self._catalog.topics[t].name for t in content.topics)
        fields.append(Field("Quiz topics", topics))
        if content.resources:
            fields.append(
                Field(
                    "Read",
                    "\n".join(f"{r.title}: {r.url}" for r in content.resources),
                    inline=False,
                )
            )
        label = "Project day" if content.kind == "project" else "Task"
        return Reply(
            f"{label} (about {content.minutes} min): {content.task}",
            title=f"Day {n} · {step.name} · {content.title}",
            fields=tuple(fields),
            buttons=(CHECKIN, QUIZ_ME),
            private=private,
        )

    def complete_reply(self) -> Reply:
        days = len(self._catalog.roadmap.days)
        return Reply(
            f"You have walked all {days} days of the ML-engineer roadmap together. Keep your "
            "streaks going with /quiz and your projects; a moderator can start the path again "
            "with /admin roadmap-restart.",
            title="Roadmap complete 🎓",
            private=False,
        )

    async def weekly_reply(self, uow: UnitOfWork, community: Community, day: date) -> Reply:
        """Monday: last week's recap (the XP leaderboard) and the project check-in."""
        start, end = day - timedelta(days=7), day - timedelta(days=1)
        counts = await uow.checkins.counts_between(community.id, start, end)
        total = sum(n for _, n in counts)
        leaders = await uow.standings.top(community.id, period_key("week", start), "xp", RECAP_TOP)
        top = "\n".join(f"{i}. {s.name} — {s.value:,} XP" for i, s in enumerate(leaders, 1))
        return Reply(
            "What did you ship this week? Log it with the button below (or /project update), "
            "and share a link, a screenshot or a lesson learned in a reply here.",
            title=f"Weekly check-in · week of {human_date(start)}",
            fields=(
                Field(
                    "Last week",
                    f"{plural(len(counts), 'member')} checked in on {plural(total, 'study day')}.",
                ),
                Field("Leaderboard (XP)", top or "Nobody earned XP last week.", inline=False),
            ),
            buttons=(form_button("Update project", "project update"),),
            private=False,
        )

    async def posts_for(
        self, uow: UnitOfWork, community: Community, day: date, now: datetime
    ) -> list[tuple[str, str, Reply]]:
        """(kind, key, reply) of everything due for study ``day``."""
        assert community.roadmap_start is not None
        n = roadmap_day(community.roadmap_start, day)
        total = len(self._catalog.roadmap.days)
        if n == total + 1:
            return [("complete", community.roadmap_start.isoformat(), self.complete_reply())]
        reply = self.day_reply(community, day)
        if reply is None:
            return []
        key = day.isoformat()
        posts = [("daily", key, reply)]
        challenge = await self._quiz.challenge_for(uow, community, day, now)
        post = self._quiz.challenge_reply(challenge)
        yesterday = day - timedelta(days=1)
        posted = await uow.outbox.exists(community.id, "challenge", yesterday.isoformat())
        reveal = await self._quiz.reveal(uow, community, yesterday) if posted else None
        if reveal is not None:
            post = Reply(
                post.text,
                title=post.title,
                fields=(Field(reveal.title or "Yesterday", reveal.text, inline=False),),
                buttons=post.buttons,
                private=False,
            )
        posts.append(("challenge", key, post))
        if day.weekday() == 0 and n > 1:
            posts.append(("weekly", key, await self.weekly_reply(uow, community, day)))
        return posts

    # --- when ----------------------------------------------------------------------------------

    async def enqueue_day(
        self,
        uow: UnitOfWork,
        community: Community,
        day: date,
        now: datetime,
    ) -> int:
        queued = 0
        for kind, key, reply in await self.posts_for(uow, community, day, now):
            queued += await enqueue(uow, community, kind, key, reply, now)
        return queued

    async def run_due(self, community_id: int | None = None) -> int:
        """Queue what is due now (within the catch-up window); idempotent, safe on replicas."""
        now = self._clock.now()
        queued = 0
        async with self._uow() as uow:
            if community_id is None:
                communities = list(await uow.communities.all_scheduled())
            else:
                one = await uow.communities.by_id(community_id)
                communities = [one] if one is not None and is_scheduled(one) else []
            for community in communities:
                day, instant = latest_due(post_clock(community), now)
                await self._record_skipped(uow, community, day - timedelta(days=1), now)
                if now - instant > self.catch_up:
                    await self._record_skipped(uow, community, day, now)
                    continue
                queued += await self.enqueue_day(uow, community, day, now)
            queued += await self._reminders(uow, now, community_id)
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
        now = self._clock.now()
        async with self._uow() as uow:
            queued = await self._reminders(uow, now, None)
            await uow.commit()
        return queued

    async def _reminders(self, uow: UnitOfWork, now: datetime, community_id: int | None) -> int:
        queued = 0
        for member, community in await uow.members.with_reminders():
            if community_id is not None and community.id != community_id:
                continue
            clock = reminder_clock(member, community)
            assert clock is not None
            day, instant = latest_due(clock, now)
            if now - instant > REMINDER_CATCH_UP or member.last_study_day == day:
                continue
            queued += await enqueue(
                uow,
                community,
                "remind",
                f"{member.user_id}:{day.isoformat()}",
                self.reminder_reply(member, day),
                now,
                channel=f"{DM_PREFIX}{member.user_id}",
            )
        return queued

    def reminder_reply(self, member: Member, day: date) -> Reply:
        streak = shown_streak(stored_streak(member), day)
        risk = (
            f"Your {streak}-day streak is waiting for today's check-in."
            if streak
            else "A short session today starts a new streak."
        )
        return Reply(
            f"{risk} Check in with /checkin, or turn these off with /remind off.",
            title="Study reminder",
            buttons=(CHECKIN,),
            private=True,
        )

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
