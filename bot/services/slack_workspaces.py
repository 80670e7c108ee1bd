"""Slack for many workspaces (SPEC §9): installs through OAuth, their tokens, and uninstalls.

The platform adapter (bot.platforms.slack.installations) turns slack_sdk's installation
objects into ``WorkspaceInstall`` and back; everything stored goes through here, so tokens
are encrypted before they reach the database and decrypted only on the way out.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.models import AuditEntry, SlackInstallation
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.services.ports import Notifier
from bot.services.secrets import TokenCipher

log = logging.getLogger("mlpath.slack")
PLATFORM = "slack"
TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
BOT_FIELDS = (  # what a token rotation changes (async_save_bot)
    "bot_id",
    "bot_user_id",
    "bot_scopes",
    "bot_token",
    "bot_refresh_token",
    "bot_token_expires_at",
)
STATE_LIFETIME = timedelta(minutes=10)  # as bolt's cookie (OAuthStateUtils)


@dataclass(frozen=True)
class WorkspaceInstall:
    """One install as mlpath keeps it, tokens in plaintext (only ever in memory)."""

    enterprise_id: str | None
    team_id: str | None
    installer_user_id: str
    installed_at: datetime
    team_name: str | None = None
    is_enterprise_install: bool = False
    app_id: str | None = None
    bot_id: str | None = None
    bot_user_id: str | None = None
    bot_scopes: str | None = None
    bot_token: str | None = None
    bot_refresh_token: str | None = None
    bot_token_expires_at: datetime | None = None
    user_scopes: str | None = None
    user_token: str | None = None
    user_refresh_token: str | None = None
    user_token_expires_at: datetime | None = None
    token_type: str | None = None

    def __repr__(self) -> str:  # never print a token, also not by accident in a log
        return f"WorkspaceInstall(enterprise_id={self.enterprise_id!r}, team_id={self.team_id!r})"


def workspace_key(enterprise_id: str | None, team_id: str | None, org_wide: bool = False) -> str:
    """The row key of an install: an org-wide one covers every team of its org."""
    return f"{enterprise_id or '-'}:{'-' if org_wide else team_id or '-'}"


class SlackWorkspaceService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, cipher: TokenCipher, notifier: Notifier
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._cipher = cipher
        self._notifier = notifier

    # --- installs ------------------------------------------------------------------------------

    def _row(self, install: WorkspaceInstall) -> SlackInstallation:
        values = {f.name: getattr(install, f.name) for f in fields(install)}
        for name in TOKEN_FIELDS:
            if values[name] is not None:
                values[name] = self._cipher.encrypt(values[name])
        key = workspace_key(install.enterprise_id, install.team_id, install.is_enterprise_install)
        return SlackInstallation(workspace_key=key, **values)

    def _install(self, row: SlackInstallation) -> WorkspaceInstall:
        values = {f.name: getattr(row, f.name) for f in fields(WorkspaceInstall)}
        for name in TOKEN_FIELDS:
            if values[name] is not None:
                values[name] = self._cipher.decrypt(values[name])
        return WorkspaceInstall(**values)

    async def save(self, install: WorkspaceInstall) -> None:
        """Keep an install (a re-install replaces the workspace's row)."""
        async with self._uow() as uow:
            await uow.slack.save(self._row(install))
            await uow.commit()
        log.info(
            "Slack: installed in workspace %s (%s)",
            install.team_id or install.enterprise_id,
            install.team_name or "unnamed",
            extra={"platform": PLATFORM, "community": install.team_id or ""},
        )

    async def save_bot(self, install: WorkspaceInstall) -> None:
        """Keep a bot's refreshed token (token rotation): the row's bot fields change."""
        key = workspace_key(install.enterprise_id, install.team_id, install.is_enterprise_install)
        async with self._uow() as uow:
            row = await uow.slack.by_key(key)
            if row is None:
                await uow.slack.save(self._row(install))
            else:
                current = self._install(row)
                bot = {name: getattr(install, name) for name in BOT_FIELDS}
                await uow.slack.save(self._row(replace(current, **bot)))
            await uow.commit()

    async def find(
        self, enterprise_id: str | None, team_id: str | None, org_wide: bool = False
    ) -> WorkspaceInstall | None:
        """The install serving a team: its own, else its org's org-wide one."""
        async with self._uow(write=False) as uow:
            row = await uow.slack.by_key(workspace_key(enterprise_id, team_id, org_wide))
            if row is None and enterprise_id and not org_wide:
                row = await uow.slack.by_key(workspace_key(enterprise_id, None, True))
            return self._install(row) if row is not None else None

    async def bot_token(self, team_id: str) -> str | None:
        """The bot token for posts to workspace ``team_id`` (the publisher's port)."""
        async with self._uow(write=False) as uow:
            row = await uow.slack.by_team(team_id)
            if row is None or row.bot_token is None:
                return None
            return self._cipher.decrypt(row.bot_token)

    async def installed_teams(self) -> list[str]:
        async with self._uow(write=False) as uow:
            return [row.team_id or row.workspace_key for row in await uow.slack.all()]

    # --- leaving -------------------------------------------------------------------------------

    async def uninstalled(
        self, enterprise_id: str | None, team_id: str | None, why: str = "app_uninstalled"
    ) -> bool:
        """``app_uninstalled`` or a revoked bot token: forget the workspace's tokens and
        pause its schedule. The community and its data stay (``mlpath export`` still exports
        them). True when there was an install to forget."""
        now = self._clock.now()
        async with self._uow() as uow:
            removed = await uow.slack.remove(workspace_key(enterprise_id, team_id))
            paused = await self._pause(uow, team_id, why, now) if team_id else None
            await uow.commit()
        if paused is not None:
            await self._notifier.community_changed(paused)
        log.info(
            "Slack: %s in workspace %s: tokens deleted (%s), schedule paused (%s)",
            why,
            team_id or enterprise_id,
            "yes" if removed else "none stored",
            "yes" if paused is not None else "no community",
            extra={"platform": PLATFORM, "community": team_id or ""},
        )
        return removed

    async def _pause(self, uow: UnitOfWork, team_id: str, why: str, now: datetime) -> int | None:
        community = await uow.communities.get(PLATFORM, team_id)
        if community is None:
            return None
        was_paused = community.paused
        community.paused = True
        await uow.audit.record(
            AuditEntry(
                community_id=community.id,
                actor_user_id="slack",
                action="pause",
                detail={"via": why, "already_paused": was_paused},
                reason=f"Slack sent {why}: the app's tokens for this workspace were deleted",
                outcome="ok",
                at=now,
            )
        )
        return community.id

    async def user_tokens_revoked(self, team_id: str, user_ids: list[str]) -> None:
        """``tokens_revoked`` for user tokens only: forget those, keep the bot's."""
        async with self._uow() as uow:
            row = await uow.slack.by_team(team_id)
            if row is not None and row.installer_user_id in user_ids:
                row.user_token = row.user_refresh_token = None
                row.user_token_expires_at = None
            await uow.commit()

    # --- OAuth state ---------------------------------------------------------------------------

    async def issue_state(self) -> str:
        """A one-time state for an OAuth flow, valid for ``STATE_LIFETIME`` in any process."""
        state = secrets.token_urlsafe(32)
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.slack.prune_states(now)
            await uow.slack.add_state(state, now + STATE_LIFETIME)
            await uow.commit()
        return state

    async def consume_state(self, state: str) -> bool:
        """True once for a state issued here and not expired; never again."""
        if not state or len(state) > 64:
            return False
        async with self._uow() as uow:
            valid = await uow.slack.consume_state(state, self._clock.now())
            await uow.commit()
        return valid

    # --- key rotation --------------------------------------------------------------------------

    async def reencrypt(self) -> int:
        """Re-encrypt every stored token under ``MLPATH_SECRET_KEY``; how many rows."""
        async with self._uow() as uow:
            rows = await uow.slack.all()
            for row in rows:
                for name in TOKEN_FIELDS:
                    value = getattr(row, name)
                    if value is not None:
                        setattr(row, name, self._cipher.rotate(value))
            await uow.commit()
        return len(rows)


def slack_workspaces(
    key: str | None,
    old_keys: list[str],
    uow: UnitOfWorkFactory,
    clock: Clock,
    notifier: Notifier,
) -> SlackWorkspaceService | None:
    """The service when ``MLPATH_SECRET_KEY`` is set (it raises SecretKeyError for a key that
    is not one); None without a key: nothing can be stored, so OAuth mode cannot start."""
    if not key or not key.strip():
        return None
    return SlackWorkspaceService(uow, clock, TokenCipher(key, old_keys), notifier)
