"""The neutral message model every service returns and every front door renders.

Text here is plain: user-written text is never platform markup, so renderers
escape it and nothing a member types can ping a channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ButtonStyle = Literal["primary", "secondary", "success", "danger"]

CUSTOM_ID_PREFIX = "mlpath"
FORM_ACTION = "form"  # a button whose arg is a command name: opens that command's form


@dataclass(frozen=True, slots=True)
class Button:
    """A stateless button: its custom id carries everything the handler needs."""

    label: str
    action: str
    arg: str = ""
    style: ButtonStyle = "secondary"

    @property
    def custom_id(self) -> str:
        return f"{CUSTOM_ID_PREFIX}:{self.action}:{self.arg}"


def form_button(label: str, command: str, style: ButtonStyle = "primary") -> Button:
    """A button that opens ``command``'s form (a modal) on Discord and Slack."""
    return Button(label, FORM_ACTION, command, style)


def form_target(custom_id: str) -> str | None:
    """The command a form button opens, or None for any other custom id."""
    parsed = parse_custom_id(custom_id)
    return parsed[1] if parsed is not None and parsed[0] == FORM_ACTION else None


def parse_custom_id(custom_id: str) -> tuple[str, str] | None:
    """``mlpath:ACTION:ARG`` → (action, arg); None for ids that are not ours."""
    prefix, _, rest = custom_id.partition(":")
    if prefix != CUSTOM_ID_PREFIX or not rest:
        return None
    action, _, arg = rest.partition(":")
    return (action, arg) if action else None


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    data: bytes
    mime: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Reply:
    """What to show: ``private`` replies go to the caller only."""

    text: str
    title: str | None = None
    fields: tuple[Field, ...] = ()
    buttons: tuple[Button, ...] = ()
    attachment: Attachment | None = None
    private: bool = True
    error_id: str | None = None

    @property
    def is_error(self) -> bool:
        return self.error_id is not None


def reply_to_dict(reply: Reply) -> dict[str, object]:
    """A JSON-safe form of a reply, for the outbox (attachments are not queued)."""
    return {
        "text": reply.text,
        "title": reply.title,
        "fields": [[f.name, f.value, f.inline] for f in reply.fields],
        "buttons": [[b.label, b.action, b.arg, b.style] for b in reply.buttons],
        "private": reply.private,
    }


def reply_from_dict(data: dict[str, object]) -> Reply:
    fields = data.get("fields") or []
    buttons = data.get("buttons") or []
    assert isinstance(fields, list) and isinstance(buttons, list)
    return Reply(
        text=str(data["text"]),
        title=str(data["title"]) if data.get("title") is not None else None,
        fields=tuple(Field(str(n), str(v), bool(i)) for n, v, i in fields),
        buttons=tuple(Button(str(lb), str(a), str(arg), st) for lb, a, arg, st in buttons),
        private=bool(data.get("private", False)),
    )
