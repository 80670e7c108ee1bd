"""The Discord bot: loads cogs/ in setup_hook, syncs slash commands, never pings."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import discord
from discord.ext import commands

from bot.bootstrap import App
from bot.platforms.discord.door import PLATFORM, DiscordDoor
from bot.platforms.discord.render import PersistentButton, messages
from bot.platforms.pacing import SlidingWindow
from bot.replies import Reply
from bot.services.ports import DeliveryFailed

log = logging.getLogger("mlpath.discord")

COGS = (
    "cogs.checkin",
    "cogs.roadmap",
    "cogs.quiz",
    "cogs.exercises",
    "cogs.competitions",
    "cogs.projects",
    "cogs.career",
    "cogs.me",
    "cogs.pairs",
    "cogs.admin",
    "cogs.help",
)


class MlpathBot(commands.AutoShardedBot):
    """One process of the bot: the shards ``shard_count``/``shard_ids`` name (``mlpath run
    discord --shard-count N --shard-ids a-b``), or with neither as many as Discord says
    (``GET /gateway/bot``), all in this process. Each shard receives only its own guilds'
    events, so this process answers exactly the guilds of its shards; REST (the outbox's
    posts) works for any guild."""

    def __init__(self, app: App, *, dev_guild: int | None = None, **kwargs: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **kwargs,
        )
        self.mlpath = app
        self.door = DiscordDoor(app)
        self.dev_guild = dev_guild
        self._set_up = False

    async def _async_setup_hook(self) -> None:
        await super()._async_setup_hook()
        self._set_up = True

    async def close(self) -> None:
        """Also before ``start`` (a stop during start-up): the sharded client's close needs
        what login sets up first."""
        if not self._set_up:
            await self._async_setup_hook()
        await super().close()

    async def setup_hook(self) -> None:
        """Runs once per process (unlike on_ready): cogs, persistent buttons, command sync."""
        self.add_dynamic_items(PersistentButton)
        for extension in COGS:
            await self.load_extension(extension)
        self._check_every_command_is_served()
        self.tree.on_error = self.door.on_tree_error  # type: ignore[method-assign]
        rate = self.mlpath.settings.discord_rate
        self.mlpath.publishers.register(PLATFORM, DiscordPublisher(self, rate))
        await self.mlpath.services.rounds.recover(PLATFORM)
        await self.sync_commands()

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Modal submissions: answered from their custom id (see ``forms``), so a form sent
        before a restart, or long ago, is still answered. Commands and buttons are routed by
        discord.py (the command tree and ``PersistentButton``)."""
        if interaction.type is discord.InteractionType.modal_submit:
            await self.door.submitted(interaction)

    async def connected(self) -> bool:
        """Every shard of this process is connected and the bot is ready (``/readyz``)."""
        if not self.is_ready() or self.is_closed():
            return False
        shards = self.shards
        wanted = self.shard_ids if self.shard_ids is not None else range(self.shard_count or 0)
        return bool(shards) and all(i in shards and not shards[i].is_closed() for i in wanted)

    def _check_every_command_is_served(self) -> None:
        served = {c.qualified_name for c in self.tree.walk_commands() if not hasattr(c, "commands")}
        wanted = {spec.name for spec in self.mlpath.dispatcher.commands.commands}
        missing = wanted - served
        if missing:
            raise RuntimeError(f"no cog serves: {sorted(missing)}")

    async def sync_commands(self) -> None:
        """Commands belong to the application, not to a shard: with shards split over
        processes, only the one running shard 0 syncs them (once per deployment, not N times)."""
        if self.shard_ids is not None and 0 not in self.shard_ids:
            log.info(
                "shards %s: commands are synced by the process running shard 0", self.shard_ids
            )
            return
        if self.dev_guild:
            guild = discord.Object(id=self.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), self.dev_guild)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))


# Discord allows 50 requests/s per bot token; per-route buckets are paced by discord.py itself
# from the X-RateLimit-* headers, so together normal operation sees no 429. Several processes
# delivering for one token share the 50: set MLPATH_DISCORD_RATE to their share.
GLOBAL_RATE_PER_SECOND = 50


def _failure(exc: discord.HTTPException) -> DeliveryFailed:
    if exc.status == 429 or exc.status >= 500:
        retry_after = float(getattr(exc, "retry_after", 0) or 0) or 5.0
        return DeliveryFailed(f"Discord {exc.status}: {exc.text}", retry_after=retry_after)
    return DeliveryFailed(f"Discord {exc.status}: {exc.text}")


class DiscordPublisher:
    """Channel posts and DMs over REST (works before the gateway is ready); never pings."""

    def __init__(self, bot: discord.Client, rate: float = GLOBAL_RATE_PER_SECOND) -> None:
        self._bot = bot
        self.rate = rate  # sends per second; the outbox sizes its claims and overlap by it
        self._limiter = SlidingWindow(rate)

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        channel = self._bot.get_partial_messageable(int(channel_id))
        return await self._send(channel, reply, key)

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        user = self._bot.get_user(int(user_id))
        if user is None:
            async with self._limiter:
                try:
                    user = await self._bot.fetch_user(int(user_id))
                except discord.HTTPException as exc:
                    raise _failure(exc) from exc
        return await self._send(user, reply, None)

    async def _send(self, target: discord.abc.Messageable, reply: Reply, key: str | None) -> str:
        """Each message of the reply in turn (a long one takes several); the first one's id.
        With ``key``, each message has its own nonce: with enforce_nonce, a resend returns
        the message first sent instead of posting it again."""
        first = ""
        for index, kwargs in enumerate(messages(reply)):
            kwargs.pop("ephemeral", None)
            if key is not None:
                kwargs["nonce"] = message_nonce(key, index)
            async with self._limiter:
                try:
                    message = await target.send(**kwargs)
                except discord.HTTPException as exc:
                    raise _failure(exc) from exc
            first = first or str(message.id)
        return first

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        """PUT /guilds/{guild}/members/{user}/roles/{role}: needs Manage Roles, below the bot."""
        if not (community_id.isdigit() and user_id.isdigit() and role_id.isdigit()):
            raise DeliveryFailed(f"not a Discord id: {community_id}/{user_id}/{role_id}")
        async with self._limiter:
            try:
                await self._bot.http.add_role(
                    int(community_id), int(user_id), int(role_id), reason=reason[:400]
                )
            except discord.HTTPException as exc:
                raise _failure(exc) from exc
        return f"role-{role_id}"

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        if not channel_id.isdigit():
            return False
        try:
            channel = self._bot.get_channel(int(channel_id)) or await self._bot.fetch_channel(
                int(channel_id)
            )
        except discord.HTTPException:
            return False
        guild = getattr(channel, "guild", None)
        return (
            isinstance(channel, discord.abc.Messageable)
            and guild is not None
            and str(guild.id) == community_id
        )


def message_nonce(key: str, index: int) -> str:
    """Discord nonces are at most 25 characters: the key itself for a reply's first message
    (as before replies were split), a digest of key and part for the others."""
    if index == 0:
        return key[:25]
    return hashlib.sha256(f"{key}#{index}".encode()).hexdigest()[:25]


def application_id_from_token(token: str) -> int:
    """A bot token starts with the base64 of the bot's user id, which is its application id."""
    import base64

    head = token.split(".", 1)[0]
    return int(base64.b64decode(head + "=" * (-len(head) % 4)).decode())


INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    manage_roles=True,  # ladder roles (/admin ladder-roles): the bot gives roles below its own
)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id,
        permissions=INVITE_PERMISSIONS,
        scopes=("bot", "applications.commands"),
    )
