"""The text grammar shared by the console and Slack's ``/mlpath`` (SPEC §6).

``checkin read ch. 3`` · ``streak <@U123|ana>`` · ``quiz topic:numpy difficulty:2`` ·
``project add "Movie recommender"``. Options go by position or as ``key:value``;
a ``rest`` option takes the rest of the line exactly as typed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.commands.spec import Command, CommandSet, Option
from bot.domain.errors import BadInput
from bot.services.actor import MemberRef

_TOKEN = re.compile(r'"([^"]*)"(?=\s|$)|“([^”]*)”(?=\s|$)|\'([^\']*)\'(?=\s|$)|(\S+)')
# Slack ``<@U123|name>`` and Discord ``<@123>`` / ``<@!123>``: a user id, never a name.
_USER_MENTION = re.compile(r"^<@!?([UW][A-Z0-9]+|[0-9]{1,20})(?:\|([^>]*))?>$")
_CHANNEL_MENTION = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")
_ROLE_MENTION = re.compile(r"^<@&(\d+)>$")
_KEY_VALUE = re.compile(r"^([a-z_][a-z0-9_-]*):(.+)$", re.S)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    quoted: bool


@dataclass(frozen=True, slots=True)
class ChannelRef:
    channel_id: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    command: Command
    args: dict[str, Any]


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        tokens.append(Token(match.group(group), match.start(), match.end(), group != 4))
    return tokens


def parse(commands: CommandSet, text: str) -> Parsed:
    """Turn one line of text into a command and its converted options."""
    body = text.strip()
    if body.startswith("/"):
        body = body[1:]
    tokens = tokenize(body)
    if not tokens:
        raise BadInput("Type a command, for example /checkin or /help.")
    command, used = match_command(commands, tokens)
    args = bind(command, tokens[used:], body)
    return Parsed(command, args)


def match_command(commands: CommandSet, tokens: list[Token]) -> tuple[Command, int]:
    words = [t.text.lower() for t in tokens]
    groups = commands.groups()
    if words[0] not in groups:
        raise BadInput(
            f"Unknown command /{_shown(tokens[0].text)}. Type /help to see all commands."
        )
    for length in range(min(3, len(words)), 0, -1):
        found = commands.find(tuple(words[:length]))
        if found is not None:
            return found, length
    default = commands.default_of(words[0])
    if default is not None:
        return default, 1
    subs = ", ".join(c.usage for c in groups[words[0]])
    raise BadInput(f"/{words[0]} needs one of: {subs}")


def _shown(text: str) -> str:
    return text[:30]


def bind(command: Command, tokens: list[Token], body: str) -> dict[str, Any]:
    by_name = {o.name: o for o in command.options}
    raw: dict[str, str | Token] = {}
    positional: list[Token] = []
    for token in tokens:
        match = None if token.quoted else _KEY_VALUE.match(token.text)
        if match and match.group(1).lower() in by_name:
            name = match.group(1).lower()
            if name in raw:
                raise BadInput(f"{name} is given twice. Usage: {command.usage}")
            raw[name] = match.group(2)
        else:
            positional.append(token)
    free = [o for o in command.options if o.name not in raw]
    while positional and free:
        option = free.pop(0)
        if option.kind in ("rest", "file"):
            raw[option.name] = body[positional[0].start : positional[-1].end]
            positional = []
        else:
            raw[option.name] = positional.pop(0)
    if positional:
        extra = " ".join(t.text for t in positional)
        raise BadInput(f"I did not expect `{_shown(extra)}`. Usage: {command.usage}")
    args: dict[str, Any] = {}
    for option in command.options:
        value = raw.get(option.name)
        if value is None:
            if option.required:
                raise BadInput(f"/{command.name} needs {option.name}. Usage: {command.usage}")
            continue
        text = value.text if isinstance(value, Token) else value
        args[option.name] = convert(
            option, html.unescape(text) if option.kind != "member" else text
        )
    return args


def convert(option: Option, text: str) -> Any:
    """Convert and check one option value given as text."""
    if option.kind == "member":
        return member_ref(text)
    if option.kind == "channel":
        return channel_ref(text).channel_id
    if option.kind == "role":
        mention = _ROLE_MENTION.match(text)
        return mention.group(1) if mention else text.lstrip("@").strip()
    if option.kind == "int":
        try:
            number = int(text)
        except ValueError:
            raise BadInput(f"{option.name} must be a whole number, not `{_shown(text)}`.") from None
        low, high = option.min_value, option.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise BadInput(f"{option.name} must be between {low} and {high}.")
        return number
    if option.kind == "choice":
        if text.lower() not in option.choices:
            raise BadInput(f"{option.name} must be one of: {', '.join(option.choices)}.")
        return text.lower()
    return text  # length limits are the services' rule (max_length only shapes Discord's UI)


def member_ref(text: str) -> MemberRef:
    mention = _USER_MENTION.match(text)
    if mention:
        return MemberRef(mention.group(1), mention.group(2) or None)
    name = html.unescape(text).lstrip("@").strip()
    if not name or len(name) > 100:
        raise BadInput("Name a member: their name, or an @mention.")
    return MemberRef(name, name, typed=True)


def channel_ref(text: str) -> ChannelRef:
    mention = _CHANNEL_MENTION.match(text)
    if mention:
        return ChannelRef(mention.group(1), mention.group(2) or None)
    return ChannelRef(text.lstrip("#"), text.lstrip("#"))
