"""Interactions in, neutral replies out: the Discord side of the one error boundary."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.bootstrap import App
from bot.commands.spec import Command
from bot.platforms.discord.failures import report, send_anyhow
from bot.platforms.discord.forms import (
    MODAL_INPUTS_MAX,
    answer_form,
    button_form_fields,
    open_form,
)
from bot.platforms.discord.render import messages
from bot.replies import Reply, custom_id_community, form_target
from bot.services.actor import Actor

log = logging.getLogger("mlpath.discord")

PLATFORM = "discord"
# Discord drops an interaction that is not acknowledged within 3 s of being sent. Under a
# burst (the minute after the daily post) hundreds of handlers share one event loop and the
# database, and by the time a slow reply is ready the acknowledgement itself waits in line:
# waiting 2 s for the service left ~0.5 s of margin with 300 members. So the reply goes
# inline only when it is ready almost at once, counted from when the handler started; any
# later and the interaction is deferred at once (a cheap request) and the reply follows up.
INLINE_REPLY_SECONDS = 0.25


# A DM carries no server. Only a button that names its community (a reminder's Check in)
# can act there; anything else is refused rather than run in a community of its own.
NO_SERVER = Reply(
    "I cannot tell which server this is for, so nothing was done. Use the command in your "
    "server (for example /checkin there)."
)
LEFT_SERVER = Reply(
    "That button belongs to a server you and I no longer share, so nothing was done."
)


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """The actor of an interaction in a server (a DM has none: see ``DiscordDoor.dm_actor``)."""
    user = interaction.user
    guild = interaction.guild
    perms = interaction.permissions
    assert interaction.guild_id is not None, "an interaction in a DM has no community"
    return Actor(
        platform=PLATFORM,
        community_id=str(interaction.guild_id),
        user_id=str(user.id),
        user_name=user.display_name,
        community_name=guild.name if guild is not None else None,
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        platform_moderator=bool(perms.manage_guild or perms.administrator),
    )


async def dm_actor(interaction: discord.Interaction[Any], community: str | None) -> Actor | Reply:
    """The actor of a button pressed in a DM, in the server its id names: only when the bot is
    in that server and the member still is (asked of Discord), else the line saying why not.
    Never a moderator: a DM has no permissions to go by."""
    if community is None or not community.isdigit():
        return NO_SERVER
    client = interaction.client
    try:
        # DMs reach shard 0 only: with shards split over processes, the server may be on a
        # shard of another process (not in this one's cache), so ask Discord for it.
        guild = client.get_guild(int(community)) or await client.fetch_guild(
            int(community), with_counts=False
        )
        member = await guild.fetch_member(interaction.user.id)
    except (discord.NotFound, discord.Forbidden):
        return LEFT_SERVER
    except discord.HTTPException as exc:
        log.warning("could not look up member %s in %s: %s", interaction.user.id, community, exc)
        return Reply("I could not reach Discord to find your server; please try again.")
    return Actor(
        platform=PLATFORM,
        community_id=community,
        user_id=str(member.id),
        user_name=member.display_name,
        community_name=guild.name,
    )


class DiscordDoor:
    def __init__(self, app: App) -> None:
        self.app = app

    async def run(
        self, interaction: discord.Interaction[Any], spec: Command, args: dict[str, Any]
    ) -> None:
        started = asyncio.get_running_loop().time()
        if interaction.guild_id is None:
            await self._answer(interaction, _ready(NO_SERVER), started)
            return
        actor = actor_of(interaction)
        await self._answer(interaction, self.app.dispatcher.command(actor, spec, args), started)

    async def press(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        started = asyncio.get_running_loop().time()
        if interaction.guild_id is None:
            await self._answer(interaction, self._press_in_dm(interaction, custom_id), started)
            return
        target = form_target(custom_id)
        if target is not None and await self._open_form(interaction, target):
            return  # a modal is itself the answer, and it cannot follow a deferral
        actor = actor_of(interaction)
        await self._answer(interaction, self.app.dispatcher.press(actor, custom_id), started)

    async def _press_in_dm(self, interaction: discord.Interaction[Any], custom_id: str) -> Reply:
        """A button in a DM acts in the community its id names (no form opens there: its
        submission would come back without one)."""
        actor = await dm_actor(interaction, custom_id_community(custom_id))
        if isinstance(actor, Reply):
            return actor
        return await self.app.dispatcher.press(actor, custom_id)

    async def _open_form(self, interaction: discord.Interaction[Any], name: str) -> bool:
        """A form button opens its command's modal; False when there is none to open
        (the dispatcher then answers with what to type)."""
        spec = self.app.dispatcher.commands.named(name)
        if spec is None:
            return False
        fields = button_form_fields(spec)
        if not fields or len(fields) > MODAL_INPUTS_MAX:
            return False
        await open_form(interaction, spec, fields, {})
        return True

    async def submitted(self, interaction: discord.Interaction[Any]) -> None:
        """A submitted modal (``on_interaction``): ours are answered from their custom id, in
        whichever process receives them; any other modal is left alone."""
        try:
            await answer_form(interaction, self.app.dispatcher.commands, self.run)
        except Exception as exc:  # rendering or the Discord API: logged with an error id
            data: Mapping[str, Any] = interaction.data or {}
            await report(interaction, exc, str(data.get("custom_id", "form"))[:60])

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
            first, *rest = messages(task.result())
            await interaction.response.send_message(**first)
            for part in rest:
                await interaction.followup.send(**part)
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
            for part in messages(reply):
                await interaction.followup.send(**part)
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


async def _ready(reply: Reply) -> Reply:
    return reply


async def _publish_after_private_defer(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """A public reply to an interaction deferred privately. Discord fixes a deferred reply's
    privacy at the deferral: the first follow-up only completes the private "thinking" message.
    So that message shows the reply to its caller, the reply is posted again as a new (public)
    follow-up, and the private copy is then removed."""
    parts = messages(reply)
    await interaction.edit_original_response(
        embeds=parts[0].get("embeds", []), allowed_mentions=discord.AllowedMentions.none()
    )
    for part in parts:
        await interaction.followup.send(**part)
    with contextlib.suppress(discord.HTTPException):  # a leftover private copy does no harm
        await interaction.delete_original_response()
