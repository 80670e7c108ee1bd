"""Slack profiles (timezone, admin) from users.info, cached briefly per user; read afresh
for destructive moderator actions, so a demoted admin is refused at once."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands.grammar import match_command, tokenize
from bot.commands.spec import Command, CommandSet
from bot.domain.errors import BadInput

log = logging.getLogger("mlpath.slack")
TTL_SECONDS = 600.0
# Moderator actions that change or reveal others' data: Slack admin status is read afresh
# (users.info, not the cache) before them, so a workspace admin demoted a minute ago is
# refused at once rather than for the rest of the cache's ten minutes.
FRESH_ADMIN_COMMANDS = (
    ("admin", "xp"),
    ("admin", "streak-restore"),
    ("admin", "mods"),
    ("admin", "export"),
    ("admin", "quiz", "import"),
    ("admin", "ladder-roles"),
    ("admin", "project", "reject"),  # takes XP away
)


def needs_fresh_admin(command: Command | None) -> bool:
    return command is not None and any(
        command.path[: len(path)] == path for path in FRESH_ADMIN_COMMANDS
    )


def command_of(commands: CommandSet, text: str) -> Command | None:
    """The command ``text`` names (None for a mistake, which the grammar reports later)."""
    tokens = tokenize(text.strip().removeprefix("/"))
    if not tokens:
        return None
    try:
        return match_command(commands, tokens)[0]
    except BadInput:
        return None


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
        self,
        client: AsyncWebClient,
        team_id: str,
        user_id: str,
        fallback_name: str,
        *,
        fresh: bool = False,
    ) -> Profile:
        """The user's profile: cached for ``TTL_SECONDS``, or read now when ``fresh``. When
        users.info fails the user is no admin (a destructive action is refused, not allowed)."""
        key = (team_id, user_id)
        cached = self._entries.get(key)
        if not fresh and cached and time.monotonic() - cached[0] < self._ttl:
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
