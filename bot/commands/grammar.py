"""The text grammar shared by the console and Slack's ``/mlpath`` (SPEC §6).

``checkin read ch. 3`` · ``streak <@U123|ana>`` · ``quiz topic:numpy difficulty:2`` ·
``project add "Movie recommender"``. Options go by position or as ``key:value`` (a value
with spaces in quotes: ``note:"trained a baseline"``); a ``rest`` option takes the rest of
the line exactly as typed, except a last word an option after it takes as ``trailing``
(``project update titanic trained it building``). ``/COMMAND help`` (or ``--help``) asks
/help about that command.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.commands.spec import Command, CommandSet, Option
from bot.domain.errors import BadInput
from bot.domain.wording import limits
from bot.services.actor import MemberRef

_QUOTED = r'"([^"]*)"|“([^”]*)”|\'([^\']*)\''
# key:"quoted value" · "quoted" · bare; a quote closes before a space or the end.
_TOKEN = re.compile(rf"([a-z_][a-z0-9_-]*):(?:{_QUOTED})(?=\s|$)|(?:{_QUOTED})(?=\s|$)|(\S+)")
HELP_WORDS = frozenset({"help", "--help", "-h"})
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
    key: str | None = None  # key:"quoted value": the key; ``text`` is the value


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
        group = next(i for i in range(2, 9) if match.group(i) is not None)
        key = match.group(1) if group <= 4 else None
        tokens.append(Token(match.group(group), match.start(), match.end(), group != 8, key))
    return tokens


def parse(commands: CommandSet, text: str) -> Parsed:
    """Turn one line of text into a command and its converted options."""
    body = text.strip()
    if body.startswith("/"):
        body = body[1:]
    tokens = tokenize(body)
    if not tokens:
        raise BadInput("Type a command, for example /checkin or /help.")
    asked = help_request(commands, tokens)
    if asked is not None:
        return asked
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
    prefix = _group_prefix(commands, words)
    group = " ".join(prefix)
    listed = ", ".join(subcommands(commands, prefix))
    more = f"Type /help {group} for how to use each."
    if len(words) > len(prefix):
        raise BadInput(
            f"/{group} has no `{_shown(tokens[len(prefix)].text)}`; it has: {listed}. {more}"
        )
    raise BadInput(f"/{group} needs one of: {listed}. {more}")


def _group_prefix(commands: CommandSet, words: list[str]) -> tuple[str, ...]:
    """The longest start of ``words`` that is a group of commands (``admin quiz``)."""
    paths = [c.path for c in commands.commands]
    for length in range(min(len(words), 2), 0, -1):
        prefix = tuple(words[:length])
        if any(len(p) > length and p[:length] == prefix for p in paths):
            return prefix
    return (words[0],)


def subcommands(commands: CommandSet, prefix: tuple[str, ...]) -> list[str]:
    """The words that may follow ``prefix``, in catalogue order; a deeper group as
    ``quiz disable|add|import``."""
    out: dict[str, list[str]] = {}
    for command in commands.commands:
        if len(command.path) > len(prefix) and command.path[: len(prefix)] == prefix:
            rest = command.path[len(prefix) :]
            out.setdefault(rest[0], []).extend(rest[1:2])
    return [f"{word} {'|'.join(deeper)}" if deeper else word for word, deeper in out.items()]


def help_request(commands: CommandSet, tokens: list[Token]) -> Parsed | None:
    """``/COMMAND help`` or ``/COMMAND --help`` (also for a group: ``/admin help``): /help
    about it, instead of taking the word as a note or a name."""
    helper = commands.find(("help",))
    last = tokens[-1]
    if helper is None or len(tokens) < 2 or last.quoted or last.text.lower() not in HELP_WORDS:
        return None
    words = tuple(t.text.lower() for t in tokens[:-1])
    if any(t.quoted for t in tokens[:-1]):
        return None
    known = any(c.path[: len(words)] == words for c in commands.commands)
    return Parsed(helper, {"command": " ".join(words)}) if known else None


def _shown(text: str) -> str:
    return text[:30]


def bind(command: Command, tokens: list[Token], body: str) -> dict[str, Any]:
    by_name = {o.name: o for o in command.options}
    raw: dict[str, str | Token] = {}
    positional: list[Token] = []
    for token in tokens:
        if token.key is not None:
            name, given = token.key.lower(), token.text
            if name not in by_name:  # not an option: the words as typed
                token = Token(body[token.start : token.end], token.start, token.end, False)
        else:
            match = None if token.quoted else _KEY_VALUE.match(token.text)
            name, given = (match.group(1).lower(), match.group(2)) if match else ("", "")
        if name in by_name:
            if name in raw:
                raise BadInput(f"{name} is given twice. Usage: {command.usage}")
            raw[name] = given
        else:
            positional.append(token)
    free = [o for o in command.options if o.name not in raw]
    _trailing_choices(free, positional, raw)
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


def _trailing_choices(free: list[Option], positional: list[Token], raw: dict[str, Any]) -> None:
    """A ``rest`` option takes the rest of the line, but a last word that an option after it
    takes as ``trailing`` goes to that option (``/project update titanic trained it
    building``). The rest keeps at least one word; a quoted word stays text."""
    rest = next((i for i, o in enumerate(free) if o.kind in ("rest", "file")), None)
    if rest is None or free[rest].kind != "rest":
        return
    for option in reversed(free[rest + 1 :]):
        if not option.trailing or len(positional) <= rest + 1:
            return
        last = positional[-1]
        if last.quoted or last.text.lower() not in option.trailing:
            return
        raw[option.name] = positional.pop()
        free.remove(option)


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
            raise BadInput(limits(option.name, low, high))
        return number
    if option.kind == "choice":
        chosen = option.choice_of(text)
        if chosen is None:
            also = f" (or {', '.join(a for a, _ in option.aliases)})" if option.aliases else ""
            raise BadInput(f"{option.name} must be one of: {', '.join(option.choices)}{also}.")
        return chosen
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
