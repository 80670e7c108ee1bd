"""Failures outside the dispatcher (option parsing, rendering, the Discord API): logged
with context and an error id, which the member sees instead of a traceback."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.commands.runner import new_error_id, unexpected_reply
from bot.platforms.discord.render import messages
from bot.replies import Reply

log = logging.getLogger("mlpath.discord")


async def send_anyhow(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Answer an interaction whether or not it was answered already; never raises."""
    parts = messages(reply)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(**parts.pop(0))
        for part in parts:
            await interaction.followup.send(**part)
    except discord.HTTPException:
        log.warning("could not deliver a reply to the user")


async def report(interaction: discord.Interaction[Any], error: BaseException, command: str) -> None:
    error_id = new_error_id()
    log.error(
        "unexpected Discord failure [%s]",
        error_id,
        exc_info=error,
        extra={
            "platform": "discord",
            "community": str(interaction.guild_id),
            "member": str(interaction.user.id),
            "command": command,
            "error_id": error_id,
        },
    )
    await send_anyhow(interaction, unexpected_reply(error_id))
