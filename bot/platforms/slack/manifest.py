"""The Slack app manifest: exactly what mlpath uses, for Socket Mode out of the box."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

BOT_SCOPES = (
    "commands",  # the /mlpath slash command
    "chat:write",  # posts and replies
    "chat:write.public",  # quiz rounds in public channels the bot was not invited to
    "users:read",  # profile timezone and admin status (users.info)
    "channels:read",  # /admin setup checks a public channel (conversations.info)
    "groups:read",  # ... or a private one the bot was added to
    "im:write",  # open a DM to deliver files such as exports
    "mpim:write",  # open a group DM for a study pair's introduction (conversations.open)
    "files:write",  # upload exports and pictures
)


OAUTH_EVENTS = ("app_uninstalled", "tokens_revoked")  # a workspace leaving: tokens go


def manifest(command: str = "/mlpath", redirect_url: str | None = None) -> dict[str, Any]:
    """The manifest for Socket Mode; with ``redirect_url`` (``MLPATH_SLACK_REDIRECT_URL``,
    many workspaces) for HTTP on that host instead, with the OAuth redirect and the events
    that tell mlpath a workspace removed the app."""
    made = {
        "display_information": {
            "name": "mlpath",
            "description": "Study group for future ML engineers: roadmap, quizzes, streaks.",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": False,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": "mlpath", "always_online": True},
            "slash_commands": [
                {
                    "command": command,
                    "description": "mlpath: check in, quiz, roadmap, streaks",
                    "usage_hint": "checkin [note] | streak | timezone Area/City | help",
                    "should_escape": True,
                }
            ],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": {
            "event_subscriptions": {"bot_events": ["app_home_opened"]},
            "interactivity": {"is_enabled": True},
            "org_deploy_enabled": False,
            "socket_mode_enabled": True,
            "token_rotation_enabled": False,
        },
    }
    if redirect_url:
        _over_http(made, redirect_url)
    return made


def _over_http(made: dict[str, Any], redirect_url: str) -> None:
    parts = urlsplit(redirect_url)
    events_url = urlunsplit((parts.scheme, parts.netloc, "/slack/events", "", ""))
    made["oauth_config"]["redirect_urls"] = [redirect_url]
    for command in made["features"]["slash_commands"]:
        command["url"] = events_url
    settings = made["settings"]
    settings["event_subscriptions"]["request_url"] = events_url
    settings["event_subscriptions"]["bot_events"] += list(OAUTH_EVENTS)
    settings["interactivity"]["request_url"] = events_url
    settings["socket_mode_enabled"] = False
