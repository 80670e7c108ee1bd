"""Slack for many workspaces: slack_sdk's installation and OAuth state stores over mlpath's
own database (through SlackWorkspaceService), bolt's OAuth settings, and what happens when a
workspace removes the app.

Why the state store is in the database: bolt's default keeps states in files of the process
that issued them, so a redirect that lands on another replica, or on the same one after a
restart, would be refused. A row per state (one-time, ten minutes) is verified by any
process of the deployment.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.bootstrap import App
from bot.config import Settings, SettingsError
from bot.platforms.slack.manifest import BOT_SCOPES
from bot.services.slack_workspaces import STATE_LIFETIME, SlackWorkspaceService, WorkspaceInstall

log = logging.getLogger("mlpath.slack")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def _instant(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def _epoch(instant: datetime | None) -> int | None:
    return None if instant is None else int(instant.timestamp())


def _scopes(scopes: Sequence[str] | str | None) -> str | None:
    if scopes is None or isinstance(scopes, str):
        return scopes or None
    return ",".join(scopes) or None


def install_of(installation: Installation) -> WorkspaceInstall:
    """slack_sdk's Installation as mlpath keeps it."""
    return WorkspaceInstall(
        enterprise_id=installation.enterprise_id,
        team_id=installation.team_id,
        installer_user_id=installation.user_id,
        installed_at=_instant(installation.installed_at) or datetime.now(UTC),
        team_name=installation.team_name,
        is_enterprise_install=bool(installation.is_enterprise_install),
        app_id=installation.app_id,
        bot_id=installation.bot_id,
        bot_user_id=installation.bot_user_id,
        bot_scopes=_scopes(installation.bot_scopes),
        bot_token=installation.bot_token,
        bot_refresh_token=installation.bot_refresh_token,
        bot_token_expires_at=_instant(installation.bot_token_expires_at),
        user_scopes=_scopes(installation.user_scopes),
        user_token=installation.user_token,
        user_refresh_token=installation.user_refresh_token,
        user_token_expires_at=_instant(installation.user_token_expires_at),
        token_type=installation.token_type,
    )


def installation_of(install: WorkspaceInstall) -> Installation:
    return Installation(
        app_id=install.app_id,
        enterprise_id=install.enterprise_id,
        team_id=install.team_id,
        team_name=install.team_name,
        bot_token=install.bot_token,
        bot_id=install.bot_id,
        bot_user_id=install.bot_user_id,
        bot_scopes=install.bot_scopes or "",
        bot_refresh_token=install.bot_refresh_token,
        bot_token_expires_at=_epoch(install.bot_token_expires_at),
        user_id=install.installer_user_id,
        user_token=install.user_token,
        user_scopes=install.user_scopes or "",
        user_refresh_token=install.user_refresh_token,
        user_token_expires_at=_epoch(install.user_token_expires_at),
        is_enterprise_install=install.is_enterprise_install,
        token_type=install.token_type,
        installed_at=install.installed_at.timestamp(),
    )


class MlpathInstallationStore(AsyncInstallationStore):
    """slack_sdk's installation store interface over mlpath's database."""

    def __init__(self, workspaces: SlackWorkspaceService) -> None:
        self._workspaces = workspaces

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self._workspaces.save(install_of(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        installed = self._bot_install(bot)
        await self._workspaces.save_bot(installed)

    @staticmethod
    def _bot_install(bot: Bot) -> WorkspaceInstall:
        return WorkspaceInstall(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            installer_user_id="",
            installed_at=_instant(bot.installed_at) or datetime.now(UTC),
            team_name=bot.team_name,
            is_enterprise_install=bool(bot.is_enterprise_install),
            app_id=bot.app_id,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=_scopes(bot.bot_scopes),
            bot_token=bot.bot_token,
            bot_refresh_token=bot.bot_refresh_token,
            bot_token_expires_at=_instant(bot.bot_token_expires_at),
        )

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        install = await self._workspaces.find(enterprise_id, team_id, bool(is_enterprise_install))
        if install is None or install.bot_token is None:
            return None
        return installation_of(install).to_bot()

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        install = await self._workspaces.find(enterprise_id, team_id, bool(is_enterprise_install))
        if install is None or (user_id is not None and user_id != install.installer_user_id):
            return None
        return installation_of(install)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._workspaces.uninstalled(enterprise_id, team_id, "delete_bot")

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:
            await self._workspaces.uninstalled(enterprise_id, team_id, "delete_installation")
        elif team_id is not None:
            await self._workspaces.user_tokens_revoked(team_id, [user_id])

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._workspaces.uninstalled(enterprise_id, team_id, "delete_all")


class MlpathStateStore(AsyncOAuthStateStore):
    """One-time OAuth states in the database: any replica verifies them, also after a
    restart."""

    def __init__(self, workspaces: SlackWorkspaceService) -> None:
        self._workspaces = workspaces

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await self._workspaces.issue_state()

    async def async_consume(self, state: str) -> bool:
        valid = await self._workspaces.consume_state(state)
        if not valid:
            log.info("Slack: refused an OAuth redirect with an unknown or expired state")
        return valid


def oauth_settings(settings: Settings, workspaces: SlackWorkspaceService) -> AsyncOAuthSettings:
    """bolt's OAuth settings for mlpath: bot scopes only, stores in mlpath's database."""
    store = MlpathInstallationStore(workspaces)
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.secret("slack_client_secret"),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_url,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=MlpathStateStore(workspaces),
        state_expiration_seconds=int(STATE_LIFETIME.total_seconds()),
        logger=log,
    )


def oauth_authorize(
    settings: Settings, store: AsyncInstallationStore
) -> AsyncInstallationStoreAuthorize:
    """Each request's bot token from the store. The auth.test bolt makes per token is cached:
    a burst after the daily post makes it once per workspace, not once per tap."""
    return AsyncInstallationStoreAuthorize(
        logger=log,
        client_id=settings.slack_client_id,
        client_secret=settings.secret("slack_client_secret"),
        installation_store=store,
        bot_only=True,
        cache_enabled=True,
    )


def handle_leaving(bolt: AsyncApp, workspaces: SlackWorkspaceService) -> None:
    """``app_uninstalled`` and ``tokens_revoked``: forget the workspace's tokens and pause
    its schedule; its community and data stay."""

    async def on_uninstalled(body: dict[str, Any]) -> None:
        await workspaces.uninstalled(body.get("enterprise_id"), body.get("team_id"))

    async def on_tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        tokens = event.get("tokens") or {}
        team = body.get("team_id")
        if tokens.get("bot"):
            await workspaces.uninstalled(body.get("enterprise_id"), team, "tokens_revoked")
        elif tokens.get("oauth") and team:
            await workspaces.user_tokens_revoked(team, list(tokens["oauth"]))

    bolt.event("app_uninstalled")(on_uninstalled)
    bolt.event("tokens_revoked")(on_tokens_revoked)


def workspaces_of(app: App) -> SlackWorkspaceService | None:
    """The workspace store in OAuth mode (None with one bot token); SettingsError when OAuth
    is configured without ``MLPATH_SECRET_KEY``, which the tokens are encrypted with."""
    if not app.settings.slack_oauth:
        return None
    if app.services.slack_workspaces is None:
        raise SettingsError(
            "MLPATH_SECRET_KEY is not set; Slack for many workspaces keeps each workspace's "
            "token encrypted with it (make one with `mlpath slack new-key`)"
        )
    return app.services.slack_workspaces


def oauth_options(app: App) -> dict[str, Any]:
    """AsyncApp's keyword arguments for OAuth mode; none for one bot token."""
    workspaces = workspaces_of(app)
    if workspaces is None:
        return {}
    settings = oauth_settings(app.settings, workspaces)
    return {
        "oauth_settings": settings,
        "authorize": oauth_authorize(app.settings, settings.installation_store),
    }


async def reencrypt_tokens(settings: Settings) -> int:
    """``mlpath slack rotate-key``: every stored token under the current key; how many
    installs. Raises SettingsError without a key, SecretKeyError when a token opens with
    none of the configured keys (nothing is changed then)."""
    from bot.bootstrap import build

    app = build(settings)
    try:
        if app.services.slack_workspaces is None:
            raise SettingsError("MLPATH_SECRET_KEY is not set: there is no key to rotate to")
        return await app.services.slack_workspaces.reencrypt()
    finally:
        await app.aclose()
