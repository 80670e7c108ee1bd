"""/today, /roadmap and /remind: the roadmap from a member's side."""

from __future__ import annotations

from collections import Counter

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.roadmap import roadmap_day
from bot.domain.timeutil import format_hhmm, human_date, parse_hhmm
from bot.replies import Field, Reply
from bot.services.actor import Actor, channel_label
from bot.services.challenge import ChallengeService
from bot.services.daily import DailyService
from bot.services.members import (
    community_of,
    community_today,
    enrol,
    member_timezone,
    visit,
)
from bot.services.quiz import QuizService

DEFAULT_REMINDER = "20:00"


class RoadmapService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        daily: DailyService,
        quiz: QuizService,
        challenge: ChallengeService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._daily = daily
        self._quiz = quiz
        self._challenge = challenge

    async def today(self, actor: Actor) -> Reply:
        """Today's post on demand, privately, with today's challenge question."""
        now = self._clock.now()
        async with self._uow() as uow:
            community = await community_of(uow, actor, now)
            day = community_today(community, now)
            reply = self._daily.day_reply(community, day, private=True)
            if reply is None:
                await uow.commit()
                return self._not_on_roadmap(community.roadmap_start is None)
            challenge = await self._challenge.challenge_for(uow, community, day, now)
            await uow.commit()
        stem = self._quiz.question(challenge.question_id).stem
        channel = community.channel_id
        where = f" or in {channel_label(actor.platform, channel)}" if channel else ""
        # The channel post's buttons (the same order): the challenge can be answered from
        # here too — after a restart, or when the post has scrolled away.
        answers = self._challenge.post(challenge).buttons
        return Reply(
            reply.text,
            title=reply.title,
            fields=(
                *reply.fields,
                Field("Today's challenge", f"{stem}\nAnswer it here{where}.", False),
            ),
            buttons=(*reply.buttons, *answers),
        )

    def _not_on_roadmap(self, unset: bool) -> Reply:
        if unset:
            return Reply(
                "This group has no roadmap start yet; a moderator sets it with /admin setup."
            )
        return Reply(
            "The group is not on a roadmap day today (it has not started, or it is complete)."
        )

    async def roadmap(self, actor: Actor) -> Reply:
        """The seven steps, where the group stands, and the member's check-in days per step."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            enrolment = await visit(uow, actor, now)
            community, member = enrolment.community, enrolment.member
            studied = await uow.checkins.roadmap_days(member.id) if member.id else []
        days = self._catalog.roadmap.days
        total_per_step = Counter(d.step for d in days)
        # Each check-in counts under the roadmap day stored with it (the group's day when it was
        # made), once per roadmap day: moving the group's day later does not move them.
        mine = Counter(days[n - 1].step for n in studied if 1 <= n <= len(days))
        start = community.roadmap_start
        today_n = roadmap_day(start, community_today(community, now)) if start else 0
        current = days[today_n - 1].step if 1 <= today_n <= len(days) else None
        fields = []
        first = 1
        for step in self._catalog.roadmap.steps:
            count = total_per_step[step.id]
            here = "  ← the group is here" if step.id == current else ""
            fields.append(
                Field(
                    f"{step.id}. {step.name}{here}",
                    f"Days {first}–{first + count - 1} · "
                    f"you checked in on {mine[step.id]} of {count}",
                    inline=False,
                )
            )
            first += count
        if start is None:
            head = "No start date yet: a moderator sets it with /admin setup."
        elif today_n < 1:
            head = f"The group starts Day 1 on {human_date(start)}."
        elif today_n > len(days):
            head = f"The group has completed all {len(days)} days."
        else:
            head = f"The group is on Day {today_n} of {len(days)}."
        return Reply(head, title="The ML-engineer roadmap", fields=tuple(fields))

    async def remind(self, actor: Actor, switch: str, at: str | None = None) -> Reply:
        """/remind on [HH:MM] | off — a private nudge when you have not checked in that day."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            member, community = enrolment.member, enrolment.community
            if switch == "off":
                if at is not None:
                    raise BadInput("/remind off takes no time.")
                member.remind_at = None
                await uow.commit()
                return Reply("Reminders are off.")
            member.remind_at = format_hhmm(parse_hhmm(at or DEFAULT_REMINDER, "reminder time"))
            await uow.commit()
        tz = member_timezone(member, community)
        return Reply(
            f"I will remind you at {member.remind_at} ({tz}) on study days you have not checked "
            "in by then. /remind off stops it."
        )
