"""Who is acting, as a front door describes them (no platform objects)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    platform: str  # discord | slack | console
    community_id: str  # guild id, team id or console community name
    user_id: str
    user_name: str
    community_name: str | None = None
    channel_id: str | None = None
    platform_timezone: str | None = None  # Slack profile tz, when the front door knows it
    platform_moderator: bool = False  # Discord Manage Server, Slack admin/owner


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member named in a command option.

    A platform mention (``<@123>``, ``<@U…|name>``) or a Discord user option carries the
    user id: the command acts on that id and nothing else, and ``name`` is only for showing.
    A name typed as plain text (``typed``) is no identity: only the console accepts one, and
    only when it is unique (``bot.services.members.find_member``)."""

    user_id: str
    name: str | None = None
    typed: bool = False


def channel_label(platform: str, channel_id: str) -> str:
    """A channel as a reply names it: ``#name`` in the console, whose channels are names (as
    its posts print them); elsewhere the id as before."""
    return f"#{channel_id}" if platform == "console" else channel_id
