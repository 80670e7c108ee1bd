"""Who may run /admin commands, with every attempt audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.db.models import AuditEntry
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import Forbidden
from bot.services.actor import Actor
from bot.services.members import Enrolment, enrol

REFUSED_EVERY = timedelta(minutes=1)


def is_moderator(enrolment: Enrolment, actor: Actor) -> bool:
    """Platform power (Discord Manage Server, Slack admin/owner) or the community's list."""
    return actor.platform_moderator or enrolment.member.is_moderator


async def audit(
    uow: UnitOfWork,
    enrolment: Enrolment,
    action: str,
    now: datetime,
    *,
    outcome: str = "ok",
    reason: str | None = None,
    **detail: Any,
) -> None:
    await uow.audit.record(
        AuditEntry(
            community_id=enrolment.community.id,
            actor_user_id=enrolment.member.user_id,
            action=action,
            detail=detail,
            reason=reason,
            outcome=outcome,
            at=now,
        )
    )


async def require_moderator(
    uow: UnitOfWork, enrolment: Enrolment, actor: Actor, action: str, now: datetime
) -> None:
    """Raise Forbidden — after recording the refused attempt — unless the actor moderates.

    A member's refused attempts at one command are recorded once a minute: a repeat within
    ``REFUSED_EVERY`` of the last one recorded counts on it (``attempts``), so a flood of
    refusals cannot push moderators' actions out of sight."""
    if is_moderator(enrolment, actor):
        return
    community, user_id = enrolment.community.id, enrolment.member.user_id
    recent = await uow.audit.recent_refusal(community, user_id, action, now - REFUSED_EVERY)
    if recent is None:
        await audit(uow, enrolment, action, now, outcome="refused")
    else:
        attempts = int(recent.detail.get("attempts", 1)) + 1
        recent.detail = {**recent.detail, "attempts": attempts}
    await uow.commit()
    raise Forbidden(f"/admin {action} is for moderators of this community.")


async def may_moderate(uow_factory: UnitOfWorkFactory, actor: Actor) -> bool:
    """A read-only first look, before costly work done outside the transaction (reading an
    upload): False only for a member known not to moderate. ``moderating`` still decides."""
    if actor.platform_moderator:
        return True
    async with uow_factory(write=False) as uow:
        found = await uow.members.enrolled(actor.platform, actor.community_id, actor.user_id)
    return found is None or found[1].is_moderator


@asynccontextmanager
async def moderating(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, action: str
) -> AsyncIterator[tuple[UnitOfWork, Enrolment, datetime]]:
    """A unit of work for an /admin command: the actor is checked (and refusals audited) first."""
    now = clock.now()
    async with uow_factory() as uow:
        enrolment = await enrol(uow, actor, now)
        await require_moderator(uow, enrolment, actor, action, now)
        yield uow, enrolment, now
