"""Study reminders (`/remind on HH:MM`): a private nudge at the member's chosen local time on
days they have not checked in yet, queued through the outbox once per member and day."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, datetime, timedelta
from functools import partial

from bot.db.models import Community, Member
from bot.db.uow import UnitOfWorkFactory, retrying
from bot.domain.schedule import PostClock, latest_due
from bot.domain.streaks import shown_streak
from bot.domain.timeutil import parse_hhmm
from bot.replies import Reply
from bot.services.checkin import CHECKIN_BUTTON
from bot.services.members import member_timezone, stored_streak
from bot.services.outbox import DM_PREFIX, enqueue
from bot.services.streak_care import on_hold

log = logging.getLogger("mlpath.daily")

REMINDER_CATCH_UP = timedelta(hours=1)


def reminder_clock(member: Member, community: Community) -> PostClock | None:
    if not member.remind_at:
        return None
    return PostClock(
        member_timezone(member, community),
        parse_hhmm(member.remind_at),
        parse_hhmm(community.day_start),
    )


def _remind_key(member: Member, day: date) -> str:
    return f"{member.user_id}:{day.isoformat()}"


async def queue_reminders(
    uow_factory: UnitOfWorkFactory, now: datetime, community_id: int | None
) -> int:
    """Reminders due now: found in one read, queued in one short write per community."""
    due: dict[int, list[tuple[Member, Community, date]]] = {}
    async with uow_factory(write=False) as uow:
        for member, community in await uow.members.with_reminders():
            if community_id is not None and community.id != community_id:
                continue
            clock = reminder_clock(member, community)
            assert clock is not None
            day, instant = latest_due(clock, now)
            done = member.last_study_day is not None and member.last_study_day >= day
            if now - instant > REMINDER_CATCH_UP or done:  # (>=: a timezone further east)
                continue
            if on_hold(member, day):  # a streak on hold needs no nudge
                continue
            due.setdefault(community.id, []).append((member, community, day))
        present = await uow.outbox.present(
            {(cid, "remind", _remind_key(m, d)) for cid, ms in due.items() for m, _, d in ms}
        )
    queued = 0
    for cid, members in due.items():
        todo = [x for x in members if (cid, "remind", _remind_key(x[0], x[2])) not in present]
        if not todo:
            continue
        try:
            queued += await retrying(partial(_queue_reminders_of, uow_factory, todo, now))
        except Exception:
            if community_id is not None:
                raise
            log.exception("community %s: queuing reminders failed; retrying later", cid)
    return queued


async def _queue_reminders_of(
    uow_factory: UnitOfWorkFactory, due: list[tuple[Member, Community, date]], now: datetime
) -> int:
    queued = 0
    async with uow_factory() as uow:
        for member, community, day in due:
            queued += await enqueue(
                uow,
                community,
                "remind",
                _remind_key(member, day),
                reminder_reply(member, community, day),
                now,
                channel=f"{DM_PREFIX}{member.user_id}",
            )
        await uow.commit()
    return queued


def reminder_reply(member: Member, community: Community, day: date) -> Reply:
    """The nudge, sent as a DM: its button names the community, because a press in a DM
    comes with no server (Discord) and must still check in where the streak is."""
    streak = shown_streak(stored_streak(member), day)
    risk = (
        f"Your {streak}-day streak is waiting for today's check-in."
        if streak
        else "A short session today starts a new streak."
    )
    return Reply(
        f"{risk} Check in with /checkin, or turn these off with /remind off.",
        title="Study reminder",
        buttons=(dataclasses.replace(CHECKIN_BUTTON, community=community.external_id),),
        private=True,
    )
