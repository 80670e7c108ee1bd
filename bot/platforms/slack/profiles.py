"""Slack profiles (timezone, admin) from users.info, cached briefly per user."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("mlpath.slack")
TTL_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    tz: str | None
    admin: bool


class ProfileCache:
    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self._ttl = ttl
        self._entries: dict[tuple[str, str], tuple[float, Profile]] = {}

    async def get(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback_name: str
    ) -> Profile:
        key = (team_id, user_id)
        cached = self._entries.get(key)
        if cached and time.monotonic() - cached[0] < self._ttl:
            return cached[1]
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            return Profile(fallback_name, None, False)
        user = response.get("user") or {}
        profile = Profile(
            name=(user.get("profile") or {}).get("display_name")
            or user.get("real_name")
            or user.get("name")
            or fallback_name,
            tz=user.get("tz"),
            admin=bool(user.get("is_admin") or user.get("is_owner")),
        )
        self._entries[key] = (time.monotonic(), profile)
        return profile
