"""Slack installations and OAuth states. Token columns come and go as ciphertext: the
service encrypts before ``save`` and decrypts after a read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from bot.db.models import SlackInstallation, SlackOAuthState
from bot.db.repositories._base import _Repository


class SlackInstallationRepository(_Repository):
    async def by_key(self, workspace_key: str) -> SlackInstallation | None:
        stmt = select(SlackInstallation).where(SlackInstallation.workspace_key == workspace_key)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def by_team(self, team_id: str) -> SlackInstallation | None:
        """The workspace's own install (not an org-wide one that covers it)."""
        stmt = (
            select(SlackInstallation)
            .where(SlackInstallation.team_id == team_id)
            .order_by(SlackInstallation.installed_at.desc(), SlackInstallation.id.desc())
            .limit(1)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def save(self, installation: SlackInstallation) -> SlackInstallation:
        """Insert, or replace the row of the same workspace (a re-install)."""
        existing = await self.by_key(installation.workspace_key)
        if existing is not None:
            await self.session.delete(existing)
            await self.session.flush()
        self.session.add(installation)
        await self.session.flush()
        return installation

    async def remove(self, workspace_key: str) -> bool:
        """Delete the workspace's install; False when there was none."""
        stmt = delete(SlackInstallation).where(SlackInstallation.workspace_key == workspace_key)
        result = await self.session.execute(stmt.execution_options(synchronize_session=False))
        return bool(getattr(result, "rowcount", 0))

    async def all(self) -> Sequence[SlackInstallation]:
        stmt = select(SlackInstallation).order_by(SlackInstallation.id)
        return (await self.session.execute(stmt)).scalars().all()

    # --- OAuth states ------------------------------------------------------------------------

    async def add_state(self, state: str, expires_at: datetime) -> None:
        self.session.add(SlackOAuthState(state=state, expires_at=expires_at))
        await self.session.flush()

    async def consume_state(self, state: str, now: datetime) -> bool:
        """Delete the state; True when it existed and had not expired (usable once)."""
        stmt = (
            delete(SlackOAuthState)
            .where(SlackOAuthState.state == state)
            .returning(SlackOAuthState.expires_at)
        )
        expires = (await self.session.execute(stmt)).scalar_one_or_none()
        return expires is not None and expires > now

    async def prune_states(self, now: datetime) -> int:
        stmt = delete(SlackOAuthState).where(SlackOAuthState.expires_at <= now)
        result = await self.session.execute(stmt.execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)
