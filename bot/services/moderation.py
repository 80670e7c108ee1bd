"""Who may run /admin commands, with every attempt audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.db.models import AuditEntry
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import Forbidden
from bot.services.actor import Actor
from bot.services.members import Enrolment, enrol


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
    """Raise Forbidden — after recording the refused attempt — unless the actor moderates."""
    if is_moderator(enrolment, actor):
        return
    await audit(uow, enrolment, action, now, outcome="refused")
    await uow.commit()
    raise Forbidden(f"/admin {action} is for moderators of this community.")


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
