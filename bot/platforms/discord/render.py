"""Neutral replies as Discord embeds, persistent buttons and files."""

from __future__ import annotations

import io
import re
from typing import Any

import discord

from bot.replies import Button, Reply

EMBED_TEXT_MAX = 4096
FIELD_VALUE_MAX = 1024
FIELD_NAME_MAX = 256
COLOUR = discord.Colour.from_rgb(46, 134, 193)
_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}
TEMPLATE = r"mlpath:(?P<action>[a-z][a-z0-9-]*):(?P<arg>[^\n]{0,80})"  # form args hold spaces


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """A stateless button: after a restart discord.py rebuilds it from its custom id."""

    def __init__(self, button: Button) -> None:
        super().__init__(
            discord.ui.Button(
                label=_clip(button.label, 80),
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
        return cls(Button(label or "", match["action"], match["arg"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        door = getattr(interaction.client, "door", None)
        if door is not None:
            await door.press(interaction, self.custom_id_value)


def embed(reply: Reply) -> discord.Embed:
    out = discord.Embed(
        title=_clip(reply.title, 256) if reply.title else None,
        description=_clip(reply.text, EMBED_TEXT_MAX),
        colour=discord.Colour.red() if reply.is_error else COLOUR,
    )
    for field in reply.fields[:25]:
        out.add_field(
            name=_clip(field.name, FIELD_NAME_MAX),
            value=_clip(field.value, FIELD_VALUE_MAX),
            inline=field.inline,
        )
    return out


def view(reply: Reply) -> discord.ui.View | None:
    if not reply.buttons:
        return None
    out = discord.ui.View(timeout=None)
    for button in reply.buttons[:25]:
        out.add_item(PersistentButton(button))
    return out


def send_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for ``interaction.response.send_message`` / followups."""
    kwargs: dict[str, Any] = {
        "embed": embed(reply),
        "ephemeral": reply.private,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    built = view(reply)
    if built is not None:
        kwargs["view"] = built
    if reply.attachment is not None:
        kwargs["file"] = discord.File(
            io.BytesIO(reply.attachment.data), filename=reply.attachment.filename
        )
    return kwargs
