"""Personal commands: /me export, hide, show, pause, resume, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, Option
from bot.domain.holds import MAX_HOLD_DAYS
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def me_commands(services: Services) -> list[Command]:
    export = services.export
    privacy = services.privacy

    async def do_me_export(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await export.me(actor)

    async def do_hide(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await privacy.set_hidden(actor, True)

    async def do_show(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await privacy.set_hidden(actor, False)

    async def do_pause(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await services.streak_care.pause(actor, args["days"])

    async def do_resume(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await services.streak_care.resume(actor)

    async def do_delete(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await privacy.ask_delete(actor)

    return [
        Command(("me", "export"), "Download everything mlpath stores about you", do_me_export),
        Command(("me", "hide"), "Leave the leaderboards", do_hide),
        Command(("me", "show"), "Appear on the leaderboards again", do_show),
        Command(
            ("me", "pause"),
            "Put your streak on hold while you are away (vacation mode)",
            do_pause,
            (
                Option(
                    "days",
                    "int",
                    f"1 to {MAX_HOLD_DAYS} days",
                    required=True,
                    min_value=1,
                    max_value=MAX_HOLD_DAYS,
                ),
            ),
            example="/me pause 7",
        ),
        Command(("me", "resume"), "End your streak's hold early", do_resume),
        Command(("me", "delete"), "Erase everything mlpath stores about you", do_delete),
    ]


def me_actions(services: Services) -> dict[str, ActionHandler]:
    privacy = services.privacy
    return {
        "medelete": privacy.confirm_delete,
        "mekeep": privacy.keep,
    }
