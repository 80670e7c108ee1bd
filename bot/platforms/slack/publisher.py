"""Channel posts and DMs through the Web API, paced per channel; nothing in them pings."""

from __future__ import annotations

import logging
from typing import Any

from aiolimiter import AsyncLimiter
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack.render import messages, post_kwargs
from bot.replies import Reply
from bot.services.outbox import GROUP_PREFIX
from bot.services.ports import BotTokens, DeliveryFailed

log = logging.getLogger("mlpath.slack")

# Slack allows about one message per second per channel.
CHANNEL_RATE_PER_SECOND = 1.0


def failure(exc: SlackApiError) -> DeliveryFailed:
    status = exc.response.status_code
    error = str(exc.response.get("error", "unknown_error"))
    if status == 429 or status >= 500:
        retry_after = float(exc.response.headers.get("Retry-After", 0) or 0) or 5.0
        return DeliveryFailed(
            f"Slack {status}: {error}", retry_after=retry_after, rate_limited=status == 429
        )
    return DeliveryFailed(f"Slack {status}: {error}")


class SlackPublisher:
    """chat.postMessage with ``parse: none``, paced per channel; the text is escaped.

    With ``tokens`` (many workspaces) each call carries the workspace's own bot token, looked
    up by team id; without, the client's one token serves the one workspace.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        rate: float = CHANNEL_RATE_PER_SECOND,
        *,
        tokens: BotTokens | None = None,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._rate = rate
        self.rate = rate  # per channel; the outbox sizes its claims and overlap by it
        self._limiters: dict[str, AsyncLimiter] = {}

    async def _auth(self, team_id: str) -> dict[str, Any]:
        """The ``token`` argument for a call into workspace ``team_id`` (none: the client's)."""
        if self._tokens is None:
            return {}
        token = await self._tokens.bot_token(team_id)
        if token is None:
            raise DeliveryFailed(f"Slack: mlpath is not installed in workspace {team_id}")
        return {"token": token}

    async def _send(self, team_id: str, channel: str, reply: Reply) -> str:
        """Each message of the reply in turn (a long one takes several); the first one's ts."""
        auth = await self._auth(team_id)
        limiter = self._limiters.setdefault(channel, AsyncLimiter(1, 1 / self._rate))
        first = ""
        for part in messages(reply):
            async with limiter:
                try:
                    response = await self._client.chat_postMessage(
                        channel=channel, **auth, **post_kwargs(part)
                    )
                except SlackApiError as exc:
                    raise failure(exc) from exc
            first = first or str(response.get("ts", ""))
        return first

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        if channel_id.startswith(GROUP_PREFIX):  # a study pair: a group DM with the members
            channel_id = await self._open_group(community_id, channel_id[len(GROUP_PREFIX) :])
        return await self._send(community_id, channel_id, reply)

    async def _open_group(self, team_id: str, users: str) -> str:
        """The group DM of ``users`` (comma-separated ids) with the app, opened or found."""
        auth = await self._auth(team_id)
        try:
            response = await self._client.conversations_open(users=users, **auth)
        except SlackApiError as exc:
            raise failure(exc) from exc
        return str(response["channel"]["id"])

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        return await self._send(community_id, user_id, reply)  # a user id: the app's DM

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        return ""  # Slack has no roles; /admin ladder-roles refuses there

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        try:
            auth = await self._auth(community_id)
        except DeliveryFailed:
            return False
        try:
            response = await self._client.conversations_info(channel=channel_id, **auth)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error not in ("channel_not_found", "not_in_channel"):  # e.g. missing_scope
                log.error("conversations.info for %s failed: %s", channel_id, error)
            return False
        return bool(response.get("ok"))
