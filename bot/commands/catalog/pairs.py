"""Study pairs: /pair join|leave|status, /admin pair now|pause|resume, and the meeting buttons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, Option
from bot.pairs.intro import MET_ACTION
from bot.pairs.rules import CADENCES
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def pair_commands(services: Services) -> list[Command]:
    pairs = services.pairs

    async def do_join(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await pairs.join(actor, args.get("cadence", "weekly"))

    async def do_leave(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await pairs.leave(actor)

    async def do_status(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await pairs.status(actor)

    cadence = Option("cadence", "choice", "weekly (default) or biweekly", choices=CADENCES)
    return [
        Command(
            ("pair", "join"),
            "Get a study partner every Monday (or every other), with a mock interview",
            do_join,
            (cadence,),
            example="/pair join biweekly",
        ),
        Command(("pair", "leave"), "Stop getting study partners", do_leave),
        Command(("pair", "status"), "Your partner, the next round and your last rounds", do_status),
    ]


def pair_admin_commands(services: Services) -> list[Command]:
    pairs = services.pairs

    async def do_now(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await pairs.pair_now(actor)

    async def do_pause(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await pairs.set_paused(actor, True)

    async def do_resume(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await pairs.set_paused(actor, False)

    return [
        Command(
            ("admin", "pair", "now"),
            "Hold a study-pair round now (the Monday round still comes)",
            do_now,
            moderator=True,
        ),
        Command(
            ("admin", "pair", "pause"), "Pause the study-pair rounds", do_pause, moderator=True
        ),
        Command(
            ("admin", "pair", "resume"), "Resume the study-pair rounds", do_resume, moderator=True
        ),
    ]


def pair_actions(services: Services) -> dict[str, ActionHandler]:
    return {MET_ACTION: services.pairs.answer}
