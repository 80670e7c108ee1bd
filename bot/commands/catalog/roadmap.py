"""Roadmap commands: /today, /roadmap, /remind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import Command, Option
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def roadmap_commands(services: Services) -> list[Command]:
    roadmap = services.roadmap

    async def do_today(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await roadmap.today(actor)

    async def do_roadmap(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await roadmap.roadmap(actor)

    async def do_remind(actor: Actor, args: Mapping[str, Any]) -> Reply:
        if "switch" not in args and "time" not in args:
            return await services.reminders.setting(actor)
        return await roadmap.remind(actor, args.get("switch", "on"), args.get("time"))

    return [
        Command(("today",), "Today's roadmap post, just for you", do_today),
        Command(("roadmap",), "The seven steps, where the group is, and your days", do_roadmap),
        Command(
            ("remind",),
            "A private nudge at your time on days you have not checked in (alone: the setting)",
            do_remind,
            (
                Option("switch", "choice", "on or off", choices=("on", "off")),
                Option("time", "text", "HH:MM, your local time (default 20:00)", max_length=5),
            ),
            example="/remind on 19:30",
        ),
    ]
