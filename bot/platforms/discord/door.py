"""Interactions in, neutral replies out: the Discord side of the one error boundary."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any

import discord
from discord import app_commands

from bot.bootstrap import App
from bot.commands.spec import Command
from bot.platforms.discord.failures import report, send_anyhow
from bot.platforms.discord.forms import MODAL_INPUTS_MAX, button_form_fields, open_form
from bot.platforms.discord.render import embed, send_kwargs
from bot.replies import Reply, form_target
from bot.services.actor import Actor

PLATFORM = "discord"
# Discord drops an interaction that is not acknowledged within 3 s of being sent. Under a
# burst (the minute after the daily post) hundreds of handlers share one event loop and the
# database, and by the time a slow reply is ready the acknowledgement itself waits in line:
# waiting 2 s for the service left ~0.5 s of margin with 300 members. So the reply goes
# inline only when it is ready almost at once, counted from when the handler started; any
# later and the interaction is deferred at once (a cheap request) and the reply follows up.
INLINE_REPLY_SECONDS = 0.25


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
        started = asyncio.get_running_loop().time()
        actor = actor_of(interaction)
        await self._answer(interaction, self.app.dispatcher.command(actor, spec, args), started)

    async def press(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        started = asyncio.get_running_loop().time()
        target = form_target(custom_id)
        if target is not None and await self._open_form(interaction, target):
            return  # a modal is itself the answer, and it cannot follow a deferral
        actor = actor_of(interaction)
        await self._answer(interaction, self.app.dispatcher.press(actor, custom_id), started)

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

    async def _answer(
        self, interaction: discord.Interaction[Any], work: Awaitable[Reply], started: float
    ) -> None:
        """Inline when the reply is ready within INLINE_REPLY_SECONDS of ``started``; else
        defer now and follow up. The work runs through the dispatcher's error boundary, so
        a failure is a (private) reply like any other, deferred or not."""
        task = asyncio.ensure_future(work)
        left = INLINE_REPLY_SECONDS - (asyncio.get_running_loop().time() - started)
        if left > 0:
            await asyncio.wait({task}, timeout=left)
        if task.done():
            await interaction.response.send_message(**send_kwargs(task.result()))
            return
        # Most replies are private, and a refusal or an error line always is: defer privately,
        # so nothing private can ever land in the channel. A public reply is re-posted below.
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except Exception:
            await task  # the work is one transaction: let it end before the failure is handled
            raise
        reply = await task
        if reply.private:
            await interaction.followup.send(**send_kwargs(reply))
        else:
            await _publish_after_private_defer(interaction, reply)

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


async def _publish_after_private_defer(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """A public reply to an interaction deferred privately. Discord fixes a deferred reply's
    privacy at the deferral: the first follow-up only completes the private "thinking" message.
    So that message shows the reply to its caller, the reply is posted again as a new (public)
    follow-up, and the private copy is then removed."""
    await interaction.edit_original_response(
        embed=embed(reply), allowed_mentions=discord.AllowedMentions.none()
    )
    await interaction.followup.send(**send_kwargs(reply))
    with contextlib.suppress(discord.HTTPException):  # a leftover private copy does no harm
        await interaction.delete_original_response()
