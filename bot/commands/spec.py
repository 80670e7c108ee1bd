"""Declarative command specs: one list that every front door is built from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.replies import Reply
from bot.services.actor import Actor

# "file": a document's text (Discord: an attachment; Slack: pasted into a form; console: :import)
# "role": a platform role (Discord role option or <@&id> mention; the console takes a name)
OptionKind = Literal["text", "rest", "member", "int", "choice", "channel", "file", "role"]
Handler = Callable[[Actor, Mapping[str, Any]], Awaitable[Reply]]


class Upload(str):
    """A "file" option's text with the name it was uploaded under, so problems name the
    member's own file (``questions.yaml:12``); text pasted into a form has no file name."""

    name: str

    def __new__(cls, text: str, name: str) -> Upload:
        upload = super().__new__(cls, text)
        upload.name = name
        return upload

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.name  # pickled as (text, name): it crosses to a reader process


def upload_name(value: str, pasted: str = "pasted.yaml") -> str:
    return value.name if isinstance(value, Upload) else pasted


ActionHandler = Callable[[Actor, str], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    kind: OptionKind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    # Other words the text grammar takes for a choice: (("1", "easy"), ...); Discord offers
    # only ``choices``.
    aliases: tuple[tuple[str, str], ...] = ()
    # Choices the text grammar takes from the end of a ``rest`` option before this one:
    # ("building",) makes `/project update titanic trained it building` set the status.
    trailing: tuple[str, ...] = ()

    def choice_of(self, text: str) -> str | None:
        """The choice ``text`` names (a choice or one of its aliases, any case), or None."""
        word = text.strip().lower()
        word = dict(self.aliases).get(word, word)
        return word if word in self.choices else None

    @property
    def usage(self) -> str:
        label = "|".join(self.choices) if self.choices else self.name
        return f"{label}" if self.required else f"[{label}]"


@dataclass(frozen=True, slots=True)
class Command:
    """``path`` is the command words: ("checkin",) or ("me", "export")."""

    path: tuple[str, ...]
    summary: str
    handler: Handler
    options: tuple[Option, ...] = ()
    moderator: bool = False
    # In the text grammar, `/quiz numpy` runs the group's default subcommand (`/quiz practice`);
    # Discord cannot have both a command and a group named `quiz`, so there it is explicit.
    default: bool = False
    # Options collected in a form (a Discord or Slack modal) rather than typed; in the text
    # grammar they are ordinary options.
    form: tuple[str, ...] = ()
    # A typical use, shown by `/help COMMAND` and `/COMMAND help` ("/checkin read ch. 3").
    example: str = ""

    @property
    def name(self) -> str:
        return " ".join(self.path)

    @property
    def usage(self) -> str:
        return " ".join(["/" + self.name, *(o.usage for o in self.options)])


@dataclass(frozen=True)
class CommandSet:
    commands: tuple[Command, ...]
    actions: Mapping[str, ActionHandler]

    def __post_init__(self) -> None:
        names = [c.name for c in self.commands]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"commands defined twice: {sorted(duplicates)}")
        paths = {c.path for c in self.commands}
        for command in self.commands:
            for end in range(1, len(command.path)):
                if command.path[:end] in paths:
                    raise ValueError(
                        f"/{command.name} collides with /{' '.join(command.path[:end])}"
                    )

        for command in self.commands:
            kinds = {o.name: o.kind for o in command.options}
            for name in command.form:
                if kinds.get(name) not in ("text", "rest", "file"):
                    raise ValueError(f"/{command.name}: form field {name} must be a text option")

    def find(self, path: tuple[str, ...]) -> Command | None:
        return next((c for c in self.commands if c.path == path), None)

    def named(self, name: str) -> Command | None:
        """The command called ``name`` ("project update"), as form buttons and forms carry it."""
        return self.find(tuple(name.split()))

    def default_of(self, group: str) -> Command | None:
        return next((c for c in self.commands if c.path[0] == group and c.default), None)

    def groups(self) -> dict[str, list[Command]]:
        """Commands keyed by their first word (Discord builds its groups from this)."""
        out: dict[str, list[Command]] = {}
        for command in self.commands:
            out.setdefault(command.path[0], []).append(command)
        return out
