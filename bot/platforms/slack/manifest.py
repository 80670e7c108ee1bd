"""The Slack app manifest: exactly what mlpath uses, for Socket Mode out of the box."""

from __future__ import annotations

from typing import Any

BOT_SCOPES = (
    "commands",  # the /mlpath slash command
    "chat:write",  # posts and replies
    "chat:write.public",  # quiz rounds in public channels the bot was not invited to
    "users:read",  # profile timezone and admin status (users.info)
    "channels:read",  # /admin setup checks a public channel (conversations.info)
    "groups:read",  # ... or a private one the bot was added to
    "im:write",  # open a DM to deliver files such as exports
    "files:write",  # upload exports and pictures
)


def manifest(command: str = "/mlpath") -> dict[str, Any]:
    return {
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
