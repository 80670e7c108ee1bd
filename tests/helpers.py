"""Small helpers shared by tests."""

from __future__ import annotations

from bot.services.actor import Actor


def console_actor(name: str, community: str = "local", tz: str | None = None) -> Actor:
    return Actor("console", community, name.lower(), name, community, "study-group", tz)
