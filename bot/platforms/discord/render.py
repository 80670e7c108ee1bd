"""Neutral replies as Discord messages: embeds within Discord's limits, persistent buttons, files.

A reply too long for one embed is split, never cut: the text over several embeds, a long
field over several fields, and the embeds over as many messages as Discord's per-message
limits need (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
"""

from __future__ import annotations

import io
import re
from typing import Any

import discord

from bot.platforms.chunks import clip, measure, split_text
from bot.replies import Button, Reply

EMBED_TITLE_MAX = 256
EMBED_TEXT_MAX = 4096  # an embed's description
EMBED_FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
EMBED_TOTAL_MAX = 6000  # titles, descriptions, field names and values of all a message's embeds
EMBEDS_PER_MESSAGE = 10
BUTTONS_PER_MESSAGE = 25  # five action rows of five
BUTTON_LABEL_MAX = 80
BLANK = "\u200b"  # Discord refuses an empty field name or value
CONTINUED = " (continued)"
COLOUR = discord.Colour.from_rgb(46, 134, 193)
_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}
# mlpath[@GUILD]:ACTION:ARG; form args hold spaces. A button in a DM names its guild.
TEMPLATE = r"mlpath(?:@(?P<community>\d{1,20}))?:(?P<action>[a-z][a-z0-9-]*):(?P<arg>[^\n]{0,80})"


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """A stateless button: after a restart discord.py rebuilds it from its custom id."""

    def __init__(self, button: Button) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(button.label, BUTTON_LABEL_MAX),
                style=_STYLES[button.style],
                custom_id=button.custom_id,
            )
        )
        self.custom_id_value = button.custom_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PersistentButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        community = match["community"] or ""
        return cls(Button(label or "", match["action"], match["arg"], community=community))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        door = getattr(interaction.client, "door", None)
        if door is not None:
            await door.press(interaction, self.custom_id_value)


class _Packer:
    """Embeds grouped into messages, each group within the per-message limits."""

    def __init__(self, colour: discord.Colour) -> None:
        self.colour = colour
        self.groups: list[list[discord.Embed]] = [[]]
        self.total = 0

    def _new_message(self) -> None:
        if self.groups[-1]:
            self.groups.append([])
            self.total = 0

    def embed(self, title: str | None = None, description: str | None = None) -> None:
        cost = measure(title or "") + measure(description or "")
        if self.total + cost > EMBED_TOTAL_MAX or len(self.groups[-1]) == EMBEDS_PER_MESSAGE:
            self._new_message()
        self.groups[-1].append(
            discord.Embed(title=title, description=description, colour=self.colour)
        )
        self.total += cost

    def field(self, name: str, value: str, inline: bool) -> None:
        cost = measure(name) + measure(value)
        if self.total + cost > EMBED_TOTAL_MAX:
            self._new_message()
        embeds = self.groups[-1]
        if not embeds or len(embeds[-1].fields) == EMBED_FIELDS_MAX:
            self.embed()
        self.groups[-1][-1].add_field(name=name, value=value, inline=inline)
        self.total += cost


def _fields(reply: Reply) -> list[tuple[str, str, bool]]:
    """Each field within the field limits: a long name goes on with its value, a long value
    over as many fields as it takes ("… (continued)")."""
    out: list[tuple[str, str, bool]] = []
    for field in reply.fields:
        name, value = field.name.strip() or BLANK, field.value
        if measure(name) > FIELD_NAME_MAX:
            name, value = clip(name, FIELD_NAME_MAX), f"{name}\n{value}"
        for index, piece in enumerate(split_text(value, FIELD_VALUE_MAX)):
            shown = name if index == 0 else clip(name + CONTINUED, FIELD_NAME_MAX)
            out.append((shown, piece if piece.strip() else BLANK, field.inline))
    return out


def embed_groups(reply: Reply) -> list[list[discord.Embed]]:
    """The reply's embeds, one list per message."""
    packer = _Packer(discord.Colour.red() if reply.is_error else COLOUR)
    title, text = reply.title, reply.text
    if title and measure(title) > EMBED_TITLE_MAX:
        title, text = clip(title, EMBED_TITLE_MAX), f"{title}\n{text}"
    pieces = [p for p in split_text(text, EMBED_TEXT_MAX) if p.strip()]
    if not pieces and not reply.fields:
        pieces = [BLANK]
    if pieces:
        packer.embed(title, pieces[0])
        for piece in pieces[1:]:
            packer.embed(None, piece)
    elif title:
        packer.embed(title)
    for name, value, inline in _fields(reply):
        packer.field(name, value, inline)
    return packer.groups


def _view(buttons: tuple[Button, ...]) -> discord.ui.View:
    out = discord.ui.View(timeout=None)
    for button in buttons:
        out.add_item(PersistentButton(button))
    return out


def messages(reply: Reply) -> list[dict[str, Any]]:
    """Keyword arguments for each message of the reply (``interaction.response.send_message``
    for the first, follow-ups or ``channel.send`` for all): the file goes with the first
    message, the buttons with the last (a further message per 25 buttons)."""
    common: dict[str, Any] = {
        "ephemeral": reply.private,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    out: list[dict[str, Any]] = [{**common, "embeds": group} for group in embed_groups(reply)]
    chunks = [
        reply.buttons[i : i + BUTTONS_PER_MESSAGE]
        for i in range(0, len(reply.buttons), BUTTONS_PER_MESSAGE)
    ]
    for index, chunk in enumerate(chunks):
        if index == 0:
            out[-1]["view"] = _view(chunk)
        else:
            out.append({**common, "view": _view(chunk)})
    if reply.attachment is not None:
        out[0]["file"] = discord.File(
            io.BytesIO(reply.attachment.data), filename=reply.attachment.filename
        )
    return out
