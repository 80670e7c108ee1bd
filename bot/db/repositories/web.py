"""The dashboard's sign-in links, sessions, signing key and public-page switch. Tokens are
looked up by their SHA-256 only (the service hashes them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from bot.db.models import Community, DashboardSetting, Member, WebKey, WebLink, WebSession
from bot.db.repositories._base import _insert_ignore, _Repository


class WebRepository(_Repository):
    async def add_link(self, link: WebLink) -> None:
        self.session.add(link)
        await self.session.flush()

    async def link(self, token_hash: str) -> WebLink | None:
        return await self.session.get(WebLink, token_hash)

    async def use_link(self, token_hash: str, now: datetime) -> bool:
        """Mark the link used; False when another request used it first (one use, also
        across processes: the row changes once)."""
        stmt = (
            update(WebLink)
            .where(WebLink.token_hash == token_hash, WebLink.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(stmt)
        return bool(getattr(result, "rowcount", 0))

    async def add_session(self, row: WebSession) -> None:
        self.session.add(row)
        await self.session.flush()

    async def session_of(self, token_hash: str) -> tuple[WebSession, Member, Community] | None:
        stmt = (
            select(WebSession, Member, Community)
            .join(Member, Member.id == WebSession.member_id)
            .join(Community, Community.id == WebSession.community_id)
            .where(WebSession.token_hash == token_hash)
        )
        row = (await self.session.execute(stmt)).first()
        return None if row is None else (row[0], row[1], row[2])

    async def end_session(self, token_hash: str) -> None:
        await self.session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))

    async def revoke(self, member_id: int, now: datetime) -> int:
        """End every session of the member and void the links not used yet; the sessions
        ended."""
        ended = await self.session.execute(
            delete(WebSession).where(WebSession.member_id == member_id)
        )
        await self.session.execute(
            update(WebLink)
            .where(WebLink.member_id == member_id, WebLink.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(ended, "rowcount", 0) or 0)

    async def prune(self, member_id: int, now: datetime) -> None:
        """Drop the member's expired links and sessions (on each new sign-in)."""
        await self.session.execute(
            delete(WebLink).where(WebLink.member_id == member_id, WebLink.expires_at < now)
        )
        await self.session.execute(
            delete(WebSession).where(WebSession.member_id == member_id, WebSession.expires_at < now)
        )

    async def key(self, name: str, candidate: str, now: datetime) -> str:
        """The stored key called ``name``; ``candidate`` is stored first when there is none
        (the first process to ask wins, every other one reads it)."""
        await _insert_ignore(
            self.session, WebKey, {"name": name, "value": candidate, "created_at": now}
        )
        stmt = select(WebKey.value).where(WebKey.name == name)
        return str((await self.session.execute(stmt)).scalar_one())

    async def is_public(self, community_id: int) -> bool:
        row = await self.session.get(DashboardSetting, community_id)
        return bool(row and row.public)

    async def set_public(self, community_id: int, public: bool, now: datetime) -> bool:
        """True when this changed the setting."""
        row = await self.session.get(DashboardSetting, community_id)
        if row is None:
            if not public:
                return False
            self.session.add(
                DashboardSetting(community_id=community_id, public=True, updated_at=now)
            )
            await self.session.flush()
            return True
        if row.public == public:
            return False
        row.public, row.updated_at = public, now
        return True

    async def community(self, community_id: int) -> Community | None:
        return await self.session.get(Community, community_id)

    async def member(self, community_id: int, member_id: int) -> Member | None:
        member = await self.session.get(Member, member_id)
        return member if member is not None and member.community_id == community_id else None
