"""Interactions in, neutral replies out: the Discord side of the one error boundary."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import discord
from discord import app_commands

from bot.bootstrap import App
from bot.commands.spec import Command
from bot.platforms.discord.failures import report, send_anyhow
from bot.platforms.discord.forms import MODAL_INPUTS_MAX, button_form_fields, open_form
from bot.platforms.discord.render import send_kwargs
from bot.replies import Reply, form_target
from bot.services.actor import Actor

PLATFORM = "discord"
# Reply at once when the work is done by then; else defer (Discord allows 3 s) and follow up.
INLINE_REPLY_SECONDS = 2.0


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    user = interaction.user
    guild = interaction.guild
    perms = interaction.permissions
    return Actor(
        platform=PLATFORM,
        community_id=str(interaction.guild_id or f"dm-{user.id}"),
        user_id=str(user.id),
        user_name=user.display_name,
        community_name=guild.name if guild is not None else None,
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        platform_moderator=bool(perms.manage_guild or perms.administrator),
    )


class DiscordDoor:
    def __init__(self, app: App) -> None:
        self.app = app

    async def run(
        self, interaction: discord.Interaction[Any], spec: Command, args: dict[str, Any]
    ) -> None:
        actor = actor_of(interaction)
        await self._answer(interaction, self.app.dispatcher.command(actor, spec, args))

    async def press(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        target = form_target(custom_id)
        if target is not None and await self._open_form(interaction, target):
            return
        actor = actor_of(interaction)
        await self._answer(interaction, self.app.dispatcher.press(actor, custom_id))

    async def _open_form(self, interaction: discord.Interaction[Any], name: str) -> bool:
        """A form button opens its command's modal; False when there is none to open
        (the dispatcher then answers with what to type)."""
        spec = self.app.dispatcher.commands.named(name)
        if spec is None:
            return False
        fields = button_form_fields(spec)
        if not fields or len(fields) > MODAL_INPUTS_MAX:
            return False
        await open_form(interaction, spec, fields, {}, self.run)
        return True

    async def _answer(self, interaction: discord.Interaction[Any], work: Awaitable[Reply]) -> None:
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=INLINE_REPLY_SECONDS)
        if done:
            await interaction.response.send_message(**send_kwargs(task.result()))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(**send_kwargs(await task))

    async def on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """Failures outside the dispatcher: bad option values, rendering, the Discord API."""
        if isinstance(error, app_commands.TransformerError):
            reply = Reply(f"I could not read `{error.value}` as a {error.type.name.lower()}.")
            await send_anyhow(interaction, reply)
            return
        command = interaction.command.qualified_name if interaction.command else ""
        await report(interaction, error, command)
