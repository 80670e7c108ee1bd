"""The web dashboard's commands: /me dashboard [revoke] and /admin dashboard [public on|off]."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import Command, Option
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def dashboard_commands(services: Services) -> list[Command]:
    auth = services.dashboard_auth

    async def do_me(actor: Actor, args: Mapping[str, Any]) -> Reply:
        if args.get("action") == "revoke":
            return await auth.revoke(actor)
        return await auth.member_link(actor)

    return [
        Command(
            ("me", "dashboard"),
            "A private sign-in link to your web dashboard (revoke: sign out everywhere)",
            do_me,
            (
                Option(
                    "action",
                    "choice",
                    "revoke: end all your dashboard sessions",
                    choices=("revoke",),
                ),
            ),
            example="/me dashboard",
        )
    ]


def admin_dashboard_commands(services: Services) -> list[Command]:
    auth = services.dashboard_auth

    async def do_admin(actor: Actor, args: Mapping[str, Any]) -> Reply:
        if args.get("setting") or args.get("state"):
            return await auth.public(actor, args.get("state"))
        return await auth.admin_link(actor)

    return [
        Command(
            ("admin", "dashboard"),
            "A private sign-in link to the organiser dashboard; public on|off: the public page",
            do_admin,
            (
                Option(
                    "setting",
                    "choice",
                    "public: the community's public page",
                    choices=("public",),
                ),
                Option("state", "choice", "on or off", choices=("on", "off")),
            ),
            moderator=True,
            example="/admin dashboard public on",
        )
    ]
