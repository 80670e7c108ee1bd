"""Community-level settings the front doors need at start-up, and moderators."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.models import AuditEntry
from bot.db.uow import UnitOfWorkFactory
from bot.domain.timeutil import canonical_timezone
from bot.services.actor import Actor
from bot.services.members import community_of, community_today, enrol, refresh_streak_ends


class CommunityService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def open_console(self, actor: Actor, timezone: str | None = None) -> str:
        """Create (or reopen) a console community; returns its timezone."""
        now = self._clock.now()
        async with self._uow() as uow:
            community = await community_of(uow, actor, now)
            if timezone is not None and canonical_timezone(timezone) != community.timezone:
                community.timezone = canonical_timezone(timezone)
                await refresh_streak_ends(uow, community)
            if community.roadmap_start is None:  # a console group starts the roadmap at once
                community.roadmap_start = community_today(community, now)
            await uow.commit()
            return community.timezone

    async def channel(self, actor: Actor) -> str | None:
        """The channel the actor's community posts to (None: not set up, or no community)."""
        async with self._uow() as uow:
            community = await uow.communities.get(actor.platform, actor.community_id)
            return community.channel_id if community is not None else None

    async def make_moderator(self, actor: Actor, target: Actor) -> bool:
        """Console ``:mod NAME``: the operator at the keyboard grants it; audited."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, target, now)
            changed = not enrolment.member.is_moderator
            enrolment.member.is_moderator = True
            await uow.audit.record(
                AuditEntry(
                    community_id=enrolment.community.id,
                    actor_user_id=actor.user_id,
                    action="mods.add",
                    detail={"member": target.user_id, "via": "console :mod"},
                    reason=None,
                    outcome="ok",
                    at=now,
                )
            )
            await uow.commit()
            return changed
