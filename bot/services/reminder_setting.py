"""A bare `/remind`: the member's reminder setting, read without storing anything."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.uow import UnitOfWorkFactory
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.members import member_timezone, visit
from bot.services.roadmap import DEFAULT_REMINDER


class ReminderSettingService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def setting(self, actor: Actor) -> Reply:
        """Whether reminders are on, at what time in which timezone, and how to change it.
        Looking enrols no one (``visit``)."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            await uow.commit()
        member, community = enrolment.member, enrolment.community
        tz = member_timezone(member, community)
        if member.remind_at:
            return Reply(
                f"Reminders are on: at {member.remind_at} ({tz}) on study days you have not "
                "checked in by then. /remind on HH:MM moves them; /remind off stops them."
            )
        return Reply(
            "Reminders are off. /remind on [HH:MM] sends you a private nudge on study days you "
            f"have not checked in by then (default {DEFAULT_REMINDER}, your time: {tz})."
        )
