"""The commands mlpath offers, built once from the services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, CommandSet, Option
from bot.replies import Field, Reply
from bot.services.actor import Actor
from bot.services.checkin import NOTE_MAX

if TYPE_CHECKING:
    from bot.bootstrap import Services


def build_commands(services: Services) -> CommandSet:
    checkin = services.checkin
    export = services.export

    async def do_checkin(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.checkin(actor, args.get("note"))

    async def do_streak(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.streak(actor, args.get("member"))

    async def do_timezone(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.timezone(actor, args.get("tz"))

    async def do_me_export(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await export.me(actor)

    commands: list[Command] = [
        Command(
            ("checkin",),
            "Check in for today's study; add what you did as a note",
            do_checkin,
            (Option("note", "rest", "What you studied today", max_length=NOTE_MAX),),
        ),
        Command(
            ("streak",),
            "Show your streak, or another member's",
            do_streak,
            (Option("member", "member", "Whose streak to show"),),
        ),
        Command(
            ("timezone",),
            "Show or set your personal timezone (IANA name, or 'reset')",
            do_timezone,
            (
                Option(
                    "tz", "text", "e.g. Europe/Berlin, America/New_York, or reset", max_length=64
                ),
            ),
        ),
        Command(("me", "export"), "Download everything mlpath stores about you", do_me_export),
    ]

    async def do_help(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return help_reply(commands)

    commands.insert(0, Command(("help",), "Show what mlpath can do", do_help))

    async def press_checkin(actor: Actor, arg: str) -> Reply:
        return await checkin.checkin(actor)

    actions: dict[str, ActionHandler] = {"checkin": press_checkin}
    return CommandSet(tuple(commands), actions)


def help_reply(commands: list[Command]) -> Reply:
    members = [c for c in commands if not c.moderator]
    fields = tuple(Field(c.usage, c.summary, inline=False) for c in members)
    return Reply(
        "mlpath keeps your study streak and walks your group through the ML-engineer roadmap. "
        "A check-in counts for your study day in your own timezone.",
        title="mlpath commands",
        fields=fields,
    )
