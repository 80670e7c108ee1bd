"""The admin audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, and_, func, or_, select

from bot.db.models import AuditEntry, Member
from bot.db.repositories._base import _Repository

AuditKind = Literal["all", "actions", "refused"]
VIEW_ACTION = "audit"  # reading the log is recorded too; "actions" leaves those reads out


def _matching(community_id: int, kind: AuditKind, user_id: str | None) -> ColumnElement[bool]:
    """Entries of the community of ``kind``, by or about ``user_id`` when given."""
    conditions = [AuditEntry.community_id == community_id]
    if kind == "actions":
        conditions += [AuditEntry.outcome == "ok", AuditEntry.action != VIEW_ACTION]
    elif kind == "refused":
        conditions.append(AuditEntry.outcome == "refused")
    if user_id is not None:
        conditions.append(
            or_(
                AuditEntry.actor_user_id == user_id,
                AuditEntry.detail["member"].as_string() == user_id,
            )
        )
    return and_(*conditions)


class AuditRepository(_Repository):
    async def record(self, entry: AuditEntry) -> None:
        self.session.add(entry)
        await self.session.flush()

    async def page(
        self,
        community_id: int,
        kind: AuditKind,
        user_id: str | None,
        offset: int,
        limit: int,
    ) -> tuple[Sequence[AuditEntry], int]:
        """One page of matching entries, newest first, and how many match in all."""
        where = _matching(community_id, kind, user_id)
        total = (
            await self.session.execute(select(func.count()).select_from(AuditEntry).where(where))
        ).scalar_one()
        stmt = (
            select(AuditEntry)
            .where(where)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all(), int(total)

    async def recent_refusal(
        self, community_id: int, user_id: str, action: str, since: datetime
    ) -> AuditEntry | None:
        """The member's latest refused attempt at ``action`` at or after ``since``."""
        stmt = (
            select(AuditEntry)
            .where(
                AuditEntry.community_id == community_id,
                AuditEntry.at >= since,
                AuditEntry.actor_user_id == user_id,
                AuditEntry.action == action,
                AuditEntry.outcome == "refused",
            )
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(1)
        )
        return (await self.session.execute(stmt)).scalars().first()

    async def names(self, community_id: int, user_ids: set[str]) -> dict[str, str]:
        """Members' names by user id, for the ids an audit page shows."""
        if not user_ids:
            return {}
        stmt = select(Member.user_id, Member.name).where(
            Member.community_id == community_id, Member.user_id.in_(sorted(user_ids))
        )
        return {user_id: name for user_id, name in (await self.session.execute(stmt)).all()}
