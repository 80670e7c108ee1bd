"""The neutral message model every service returns and every front door renders.

Text here is plain: user-written text is never platform markup, so renderers
escape it and nothing a member types can ping a channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ButtonStyle = Literal["primary", "secondary", "success", "danger"]

CUSTOM_ID_PREFIX = "mlpath"


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
