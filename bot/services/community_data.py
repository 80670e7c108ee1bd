"""A whole community's data, for the operator (``mlpath community list|delete``): what is
kept, and deleting all of it when a group leaves for good (a Slack workspace that uninstalled,
a Discord server that removed the bot). What belongs to a community is the schema's to say
(``bot.db.ownership``); ``/me delete`` erases one member within a community that stays."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.db.models import Community
from bot.db.uow import UnitOfWorkFactory, retrying
from bot.domain.errors import NotFound

log = logging.getLogger("mlpath.admin")


@dataclass(frozen=True)
class CommunitySummary:
    platform: str
    external_id: str
    name: str | None
    members: int
    paused: bool
    created_at: datetime


@dataclass(frozen=True)
class CommunityRows:
    """A community and its rows per table (``communities`` itself included)."""

    platform: str
    external_id: str
    name: str | None
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _rows(community: Community, rows: dict[str, int]) -> CommunityRows:
    return CommunityRows(community.platform, community.external_id, community.name, rows)


def _not_found(platform: str, external_id: str) -> NotFound:
    return NotFound(f"no {platform} community {external_id} in this database")


class CommunityDataService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def summaries(self) -> list[CommunitySummary]:
        async with self._uow(write=False) as uow:
            found = await uow.communities.with_member_counts()
        return [
            CommunitySummary(c.platform, c.external_id, c.name, n, c.paused, c.created_at)
            for c, n in found
        ]

    async def rows(self, platform: str, external_id: str) -> CommunityRows:
        """What deleting the community would delete; ``NotFound`` for an unknown one."""
        async with self._uow(write=False) as uow:
            community = await uow.communities.get(platform, external_id)
            if community is None:
                raise _not_found(platform, external_id)
            return _rows(community, await uow.communities.rows_of(community))

    async def delete(self, platform: str, external_id: str) -> CommunityRows:
        """Delete the community and everything that belongs to it, in one transaction;
        what was deleted. ``NotFound`` for an unknown one."""

        async def once() -> CommunityRows:
            async with self._uow() as uow:
                community = await uow.communities.get(platform, external_id)
                if community is None:
                    raise _not_found(platform, external_id)
                deleted = _rows(community, await uow.communities.delete_with_data(community))
                await uow.commit()
                return deleted

        deleted = await retrying(once)
        log.debug(
            "deleted %s community %s with %d rows: %s",
            platform,
            external_id,
            deleted.total,
            deleted.rows,
            extra={"platform": platform, "community": external_id},
        )
        return deleted
