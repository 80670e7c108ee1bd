"""/help and the reply listing every command."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.spec import Command
from bot.replies import Field, Reply
from bot.services.actor import Actor


def help_command(commands: list[Command]) -> Command:
    """/help; ``commands`` is the final list, which this command is inserted into."""

    async def do_help(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return help_reply(commands)

    return Command(("help",), "Show what mlpath can do", do_help)


def help_reply(commands: list[Command]) -> Reply:
    fields = tuple(
        Field(c.usage + ("  (moderators)" if c.moderator else ""), c.summary, inline=False)
        for c in commands
    )
    return Reply(
        "mlpath keeps your study streak and walks your group through the ML-engineer roadmap. "
        "A check-in counts for your study day in your own timezone.",
        title="mlpath commands",
        fields=fields,
    )
