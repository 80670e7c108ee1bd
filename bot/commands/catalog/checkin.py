"""Check-in commands: /checkin, /streak show|repair, /timezone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, Option
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.checkin import NOTE_MAX
from bot.services.streak_care import REPAIR_XP

if TYPE_CHECKING:
    from bot.services.registry import Services


def checkin_commands(services: Services) -> list[Command]:
    checkin = services.checkin

    async def do_checkin(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.checkin(actor, args.get("note"))

    async def do_streak(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.streak(actor, args.get("member"))

    async def do_repair(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await services.streak_care.repair(actor)

    async def do_timezone(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.timezone(actor, args.get("tz"))

    return [
        Command(
            ("checkin",),
            "Check in for today's study; add what you did as a note",
            do_checkin,
            (Option("note", "rest", "What you studied today", max_length=NOTE_MAX),),
            example="/checkin read ch. 3 of the deep learning book",
        ),
        Command(
            ("streak", "show"),
            "Show your streak, or another member's",
            do_streak,
            (Option("member", "member", "Whose streak to show"),),
            default=True,
            example="/streak @ana",
        ),
        Command(
            ("streak", "repair"),
            f"Mend a streak that broke in the last 48 hours ({REPAIR_XP} XP, once in 30 days)",
            do_repair,
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
            example="/timezone Asia/Kolkata",
        ),
    ]


def checkin_actions(services: Services) -> dict[str, ActionHandler]:
    checkin = services.checkin

    async def press_checkin(actor: Actor, arg: str) -> Reply:
        return await checkin.checkin(actor)

    return {"checkin": press_checkin}
