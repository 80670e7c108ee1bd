"""/help, /help COMMAND (also reached as `/COMMAND help`), and the reply listing every command."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.commands.spec import Command, Option
from bot.domain.errors import NotFound
from bot.replies import Field, Reply
from bot.services.actor import Actor

# What an example shows for an option when its command names no example of its own.
_SAMPLES = {"member": "@ana", "channel": "#study-group", "role": "@Role", "file": "FILE.yaml"}
_GIVEN = re.compile(r"\be\.g\. ([^\s,;()]+)")


def help_command(commands: list[Command]) -> Command:
    """/help; ``commands`` is the final list, which this command is inserted into."""

    async def do_help(actor: Actor, args: Mapping[str, Any]) -> Reply:
        wanted = " ".join(str(args.get("command") or "").lower().removeprefix("/").split())
        if not wanted:
            return help_reply(commands)
        return topic_help(commands, wanted)

    return Command(
        ("help",),
        "Show what mlpath can do, or how to use one command",
        do_help,
        (Option("command", "rest", "A command, e.g. checkin or quiz round", max_length=60),),
        example="/help project ship",
    )


def help_reply(commands: list[Command]) -> Reply:
    fields = tuple(
        Field(c.usage + ("  (moderators)" if c.moderator else ""), c.summary, inline=False)
        for c in commands
    )
    return Reply(
        "mlpath keeps your study streak and walks your group through the ML-engineer roadmap. "
        "A check-in counts for your study day in your own timezone. "
        "/help COMMAND (or /COMMAND help) shows one command with an example.",
        title="mlpath commands",
        fields=fields,
    )


def topic_help(commands: Sequence[Command], wanted: str) -> Reply:
    """One command's usage with an example, or the commands of a group (``admin``)."""
    words = tuple(wanted.split())
    exact = next((c for c in commands if c.path == words), None)
    if exact is not None:
        return command_help(exact)
    group = [c for c in commands if c.path[: len(words)] == words]
    if not group:
        raise NotFound(f"There is no command /{wanted[:40]}. Type /help to see all commands.")
    return Reply(
        f"The /{wanted} commands. /help {wanted} SUBCOMMAND shows one with an example.",
        title=f"/{wanted}",
        fields=tuple(
            Field(c.usage + ("  (moderators)" if c.moderator else ""), c.summary, inline=False)
            for c in group
        ),
    )


def command_help(command: Command) -> Reply:
    who = " Moderators only." if command.moderator else ""
    return Reply(
        f"{command.summary}.{who}\nUsage: {command.usage}\nExample: {example_of(command)}",
        title=f"/{command.name}",
        fields=tuple(
            Field(o.name, o.description + ("" if o.required else " (optional)"), inline=False)
            for o in command.options
        ),
    )


def example_of(command: Command) -> str:
    """The command's own example, or one made from its required options."""
    if command.example:
        return command.example
    return " ".join(["/" + command.name, *(_sample(o) for o in command.options if o.required)])


def _sample(option: Option) -> str:
    if option.choices:
        return option.choices[0]
    if option.kind == "int":
        low = option.min_value if option.min_value is not None else 1
        return str(max(low, min(1, option.max_value if option.max_value is not None else 1)))
    given = _GIVEN.search(option.description)  # "IANA timezone, e.g. Europe/Berlin"
    return given.group(1) if given else _SAMPLES.get(option.kind, option.name.upper())
