"""The neutral message model every service returns and every front door renders.

Text here is plain: user-written text is never platform markup, so renderers
escape it and nothing a member types can ping a channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

ButtonStyle = Literal["primary", "secondary", "success", "danger"]

CUSTOM_ID_PREFIX = "mlpath"
FORM_ACTION = "form"  # a button whose arg is a command name: opens that command's form


@dataclass(frozen=True, slots=True)
class Button:
    """A stateless button: its custom id carries everything the handler needs.

    ``community`` names the community the button acts in, for buttons sent where the platform
    does not say (a Discord DM): ``mlpath@COMMUNITY:ACTION:ARG``."""

    label: str
    action: str
    arg: str = ""
    style: ButtonStyle = "secondary"
    community: str = ""

    @property
    def custom_id(self) -> str:
        head = f"{CUSTOM_ID_PREFIX}@{self.community}" if self.community else CUSTOM_ID_PREFIX
        return f"{head}:{self.action}:{self.arg}"


def form_button(label: str, command: str, style: ButtonStyle = "primary") -> Button:
    """A button that opens ``command``'s form (a modal) on Discord and Slack."""
    return Button(label, FORM_ACTION, command, style)


def form_target(custom_id: str) -> str | None:
    """The command a form button opens, or None for any other custom id."""
    parsed = parse_custom_id(custom_id)
    return parsed[1] if parsed is not None and parsed[0] == FORM_ACTION else None


def parse_custom_id(custom_id: str) -> tuple[str, str] | None:
    """``mlpath[@COMMUNITY]:ACTION:ARG`` → (action, arg); None for ids that are not ours."""
    prefix, _, rest = custom_id.partition(":")
    if prefix.partition("@")[0] != CUSTOM_ID_PREFIX or not rest:
        return None
    action, _, arg = rest.partition(":")
    return (action, arg) if action else None


def custom_id_community(custom_id: str) -> str | None:
    """The community a ``mlpath@COMMUNITY:…`` id carries; None when it carries none."""
    prefix = custom_id.partition(":")[0]
    base, at, community = prefix.partition("@")
    return community if base == CUSTOM_ID_PREFIX and at and community else None


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
    # More files (a competition's three CSVs): the console saves them; other doors do not yet.
    files: tuple[Attachment, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.error_id is not None


def reply_to_dict(reply: Reply) -> dict[str, object]:
    """A JSON-safe form of a reply, for the outbox (attachments are not queued)."""
    return {
        "text": reply.text,
        "title": reply.title,
        "fields": [[f.name, f.value, f.inline] for f in reply.fields],
        "buttons": [_button_row(b) for b in reply.buttons],
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
        buttons=tuple(_button(list(b)) for b in buttons),
        private=bool(data.get("private", False)),
    )


def _button_row(button: Button) -> list[str]:
    row = [button.label, button.action, button.arg, button.style]
    return [*row, button.community] if button.community else row


def _button(data: list[object]) -> Button:
    """A queued button: [label, action, arg, style] (rows queued before the community was
    carried) or [label, action, arg, style, community]."""
    label, action, arg, style, *rest = data
    community = str(rest[0]) if rest else ""
    return Button(str(label), str(action), str(arg), cast(ButtonStyle, str(style)), community)
