"""A local fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of discord.py bots.

Usage::

    async with FakeDiscord() as fake:          # starts the server and patches discord.py
        bot = MyBot(application_id=fake.application_id, guild_ready_timeout=0.1)
        task = asyncio.create_task(bot.start("fake-token"))
        await fake.wait_ready()
        ref = await fake.send_interaction("ping")
        body = await fake.wait_callback(ref.id)   # {"type": 4, "data": {...}}
        await bot.close()
        await task

How discord.py is pointed here (see :meth:`FakeDiscord.patch_discord`):

* REST: every ``discord.http.Route`` builds its URL from the class attribute ``Route.BASE``
  (webhooks and interaction callbacks use the same ``Route``), so it is set to :attr:`api_base`.
* Gateway: a plain ``Client``/``Bot`` never calls ``GET /gateway/bot``; it connects to
  ``DiscordWebSocket.DEFAULT_GATEWAY`` and afterwards to READY's ``resume_gateway_url``.
  ``DEFAULT_GATEWAY`` is set to :attr:`gateway_url`, and READY/``/gateway/bot`` advertise the
  same URL (``AutoShardedClient`` does use ``/gateway/bot``).
* Compression: discord.py appends ``compress=zlib-stream`` (or ``zstd-stream`` when a zstd
  module is installed); ``Client`` has no option to turn it off.  The fake honours the query
  parameter like Discord: one zlib context per connection, every payload a binary frame ended
  with ``Z_SYNC_FLUSH``.  Without the parameter it sends plain text frames.

Timing tips for test bots: pass ``guild_ready_timeout=0.1`` (discord.py waits that long after
the last GUILD_CREATE before ``on_ready``; default 2 s) and, for tests that force a fresh
IDENTIFY (:meth:`FakeDiscord.invalidate_session`), override ``before_identify_hook`` — its
default sleeps 5 s before every non-initial IDENTIFY.  Close the bot before leaving the
``async with``.

Sharding: an IDENTIFY's ``shard: [id, count]`` is honoured like Discord: that session gets the
guilds with ``(guild_id >> 22) % count == id`` (READY, GUILD_CREATE, their events) and DMs go to
shard 0; ``GET /gateway/bot`` recommends ``shards`` (default 1), which ``AutoShardedClient``
runs when no count is given. Several bot processes can connect at once (one per shard);
:meth:`FakeDiscord.connected_shards` tells which are up.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import math
import re
import secrets
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import discord
import yarl
from aiohttp import BodyPartReader, WSMsgType, hdrs, web

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "FakeAttachment",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "InteractionRef",
    "RecordedRequest",
    "default_guild",
    "message_errors",
    "modal_errors",
]

JSON = dict[str, Any]
T = TypeVar("T")

DISCORD_EPOCH_MS = 1_420_070_400_000
API_VERSION = 10
EPHEMERAL = 1 << 6
LOADING = 1 << 7
LISTEN_BACKLOG = 1024  # pending connections the REST server queues (capped by somaxconn)

# Gateway opcodes.
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE, OP_VOICE_STATE = 0, 1, 2, 3, 4
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11

# Gateway intents that change what the fake dispatches.
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

ALL_PERMISSIONS: int = discord.Permissions.all().value
ADMINISTRATOR: int = discord.Permissions(administrator=True).value
DEFAULT_EVERYONE_PERMISSIONS: int = discord.Permissions(
    create_instant_invite=True,
    add_reactions=True,
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_external_emojis=True,
    connect=True,
    speak=True,
    change_nickname=True,
    use_application_commands=True,
    create_public_threads=True,
    send_messages_in_threads=True,
).value
DEFAULT_BOT_PERMISSIONS: int = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    add_reactions=True,
    use_application_commands=True,
    send_messages_in_threads=True,
).value

# Option types of application commands.
OPT_SUB_COMMAND, OPT_SUB_COMMAND_GROUP, OPT_STRING, OPT_INTEGER, OPT_BOOLEAN = 1, 2, 3, 4, 5
OPT_USER, OPT_CHANNEL, OPT_ROLE, OPT_MENTIONABLE, OPT_NUMBER, OPT_ATTACHMENT = 6, 7, 8, 9, 10, 11


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _id_of(value: Any) -> int:
    """Snowflake of an int, numeric string or anything with ``.id``."""
    return int(getattr(value, "id", value))


# --------------------------------------------------------------------------- config models


@dataclass
class FakeUser:
    """A Discord user as the fake knows it."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None

    def to_payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": self.avatar,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class FakeRole:
    """A guild role; the ``@everyone`` role has the guild's id."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed_bot_id: int | None = None  # set for a bot's managed integration role

    def to_payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "description": None,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": self.hoist,
            "managed": self.managed_bot_id is not None,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.managed_bot_id is not None:
            data["tags"] = {"bot_id": str(self.managed_bot_id)}
        return data


@dataclass
class FakeChannel:
    """A guild channel (``type`` 0 text, 2 voice, 4 category, 5 news)."""

    id: int
    name: str
    type: int = 0
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    nsfw: bool = False

    def to_payload(self, guild_id: int | None = None) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "permission_overwrites": [],
            "flags": 0,
        }
        if self.type in (0, 5):
            data.update(
                topic=self.topic,
                nsfw=self.nsfw,
                last_message_id=None,
                rate_limit_per_user=0,
                default_auto_archive_duration=4320,
            )
        elif self.type == 2:
            data.update(
                bitrate=64000, user_limit=0, rtc_region=None, nsfw=self.nsfw, rate_limit_per_user=0
            )
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return data


@dataclass
class FakeMember:
    """Membership of a user in a guild."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = "2024-01-01T00:00:00.000000+00:00"

    def to_payload(self, *, with_user: bool = True) -> JSON:
        data: JSON = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "unusual_dm_activity_until": None,
        }
        if with_user:
            data["user"] = self.user.to_payload()
        return data


@dataclass
class FakeGuild:
    """A guild; ``roles`` gets an ``@everyone`` role (id == guild id) if it lacks one."""

    id: int
    name: str
    owner_id: int
    channels: list[FakeChannel] = field(default_factory=list)
    roles: list[FakeRole] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    preferred_locale: str = "en-US"

    def channel(self, channel_id: int) -> FakeChannel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def member(self, user_id: int) -> FakeMember | None:
        return next((m for m in self.members if m.user.id == user_id), None)

    def role(self, role_id: int) -> FakeRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def permissions_of(self, member: FakeMember) -> int:
        """Base permissions (no channel overwrites), as Discord computes them."""
        if member.user.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = 0
        for role in self.roles:
            if role.id == self.id or role.id in member.roles:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms


def default_guild() -> FakeGuild:
    """Guild 111 "fake guild": text channel 222 "study", role 333 "learner", owner user 444."""
    owner = FakeUser(444, "owner", "Owner")
    return FakeGuild(
        id=111,
        name="fake guild",
        owner_id=owner.id,
        channels=[FakeChannel(222, "study", topic="study channel")],
        roles=[
            FakeRole(111, "@everyone", permissions=DEFAULT_EVERYONE_PERMISSIONS),
            FakeRole(333, "learner", position=1),
        ],
        members=[FakeMember(owner, roles=[333])],
    )


@dataclass
class FakeAttachment:
    """A file: uploaded by the bot, or passed as an ATTACHMENT command option."""

    filename: str
    data: bytes
    content_type: str | None = None


class RecordedRequest(NamedTuple):
    """One REST call.  ``path`` is relative to the API base (``/users/@me``).

    ``body`` is the decoded JSON, ``None`` when empty, or for multipart requests
    ``{"payload_json": {...}, "files": ["name.png", ...]}``.
    """

    method: str
    path: str
    body: Any


class InteractionRef(NamedTuple):
    """Handle to an interaction sent with :meth:`FakeDiscord.send_interaction`."""

    id: int
    token: str


class _Snowflakes:
    """Monotonic, realistic snowflakes (timestamp << 22 | increment)."""

    def __init__(self) -> None:
        self._last = 0

    def __call__(self) -> int:
        value = max((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22, self._last + 1)
        self._last = value
        return value


# --------------------------------------------------------------------------- gateway plumbing


class _Connection:
    """One websocket; owns the transport compression context."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self.session: _Session | None = None
        self._lock = asyncio.Lock()
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._zstd: Callable[[bytes], bytes] | None = (
            _zstd_stream() if compress == "zstd-stream" else None
        )

    async def send(self, payload: Mapping[str, Any]) -> bool:
        """Send one gateway payload; False if the socket is gone."""
        raw = json.dumps(payload, separators=(",", ":")).encode()
        async with self._lock:  # keeps frames in compression-context order
            if self.ws.closed:
                return False
            try:
                if self._zlib is not None:
                    await self.ws.send_bytes(
                        self._zlib.compress(raw) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                    )
                elif self._zstd is not None:
                    await self.ws.send_bytes(self._zstd(raw))
                else:
                    await self.ws.send_str(raw.decode())
            except (ConnectionError, RuntimeError):
                return False
        return True


def _zstd_stream() -> Callable[[bytes], bytes]:
    """Per-connection zstd compressor flushing each message, as Discord's ``zstd-stream``."""
    try:
        import zstandard  # type: ignore[import-not-found]

        obj = zstandard.ZstdCompressor().compressobj()
        return lambda raw: obj.compress(raw) + obj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    except ImportError:
        from compression.zstd import ZstdCompressor  # type: ignore[import-not-found]

        comp = ZstdCompressor()
        return lambda raw: comp.compress(raw, mode=ZstdCompressor.FLUSH_BLOCK)


@dataclass
class _Session:
    """A gateway session (survives reconnects through RESUME)."""

    session_id: str
    token: str
    intents: int
    shard: tuple[int, int] | None
    seq: int = 0
    ready: bool = False
    conn: _Connection | None = None
    history: deque[JSON] = field(default_factory=lambda: deque(maxlen=1000))

    def owns_guild(self, guild_id: int) -> bool:
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return (guild_id >> 22) % count == shard_id


def _walk_components(components: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for comp in components:
        yield comp
        yield from _walk_components(comp.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(comp.get(key), Mapping):
                yield from _walk_components([comp[key]])


# --------------------------------------------------------------------------- message limits
# Discord's documented limits for a message body (content, embeds, components): a body over
# any of them is refused with 400 "Invalid Form Body" (50035) and the offending fields, as
# Discord does. https://discord.com/developers/docs/resources/message#embed-object-embed-limits
CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
FIELD_LIMITS = {"name": 256, "value": 1024}
EMBED_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
ROW_BUTTONS_MAX = 5
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100


def _length(text: Any) -> int:
    """Characters as Discord counts them at most: UTF-16 code units."""
    return len(str(text).encode("utf-16-le")) // 2


def _too_long(limit: int) -> JSON:
    return {
        "_errors": [
            {"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}
        ]
    }


def _required() -> JSON:
    return {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}


def _embed_errors(embed: Mapping[str, Any]) -> tuple[JSON, int]:
    """(errors of one embed, its size toward the message's 6,000)."""
    errors: JSON = {}
    size = 0
    for key, limit in EMBED_LIMITS.items():
        if embed.get(key) is not None:
            size += _length(embed[key])
            if _length(embed[key]) > limit:
                errors[key] = _too_long(limit)
    for key, inner, limit in (("footer", "text", 2048), ("author", "name", 256)):
        text = (embed.get(key) or {}).get(inner)
        if text is not None:
            size += _length(text)
            if _length(text) > limit:
                errors[key] = {inner: _too_long(limit)}
    fields = list(embed.get("fields") or [])
    if len(fields) > FIELDS_MAX:
        errors["fields"] = _too_long(FIELDS_MAX)
    for index, field_ in enumerate(fields):
        problems: JSON = {}
        for key, limit in FIELD_LIMITS.items():
            text = str(field_.get(key) or "")
            size += _length(text)
            if not text.strip():
                problems[key] = _required()
            elif _length(text) > limit:
                problems[key] = _too_long(limit)
        if problems:
            errors.setdefault("fields", {})[str(index)] = problems
    return errors, size


def message_errors(payload: Any) -> JSON | None:
    """The ``errors`` of Discord's 400 for a message body over its limits; None when valid."""
    if not isinstance(payload, Mapping):
        return None
    errors: JSON = {}
    if payload.get("content") is not None and _length(payload["content"]) > CONTENT_MAX:
        errors["content"] = _too_long(CONTENT_MAX)
    embeds = list(payload.get("embeds") or [])
    embed_errors: JSON = {}
    if len(embeds) > EMBEDS_MAX:
        embed_errors = _too_long(EMBEDS_MAX)
    total = 0
    for index, embed in enumerate(embeds):
        found, size = _embed_errors(embed)
        total += size
        if found:
            embed_errors[str(index)] = found
    if total > EMBED_TOTAL_MAX:
        embed_errors.setdefault("_errors", []).append(
            {
                "code": "MAX_EMBED_SIZE_EXCEEDED",
                "message": "Embed size exceeds maximum size of 6000",
            }
        )
    if embed_errors:
        errors["embeds"] = embed_errors
    rows = list(payload.get("components") or [])
    row_errors: JSON = _too_long(ACTION_ROWS_MAX) if len(rows) > ACTION_ROWS_MAX else {}
    for index, row in enumerate(rows):
        items = list(row.get("components") or []) if row.get("type") == 1 else []
        problems: JSON = _too_long(ROW_BUTTONS_MAX) if len(items) > ROW_BUTTONS_MAX else {}
        for position, item in enumerate(items):
            bad: JSON = {}
            if _length(item.get("label") or "") > BUTTON_LABEL_MAX:
                bad["label"] = _too_long(BUTTON_LABEL_MAX)
            if _length(item.get("custom_id") or "") > CUSTOM_ID_MAX:
                bad["custom_id"] = _too_long(CUSTOM_ID_MAX)
            if bad:
                problems.setdefault("components", {})[str(position)] = bad
        if problems:
            row_errors[str(index)] = problems
    if row_errors:
        errors["components"] = row_errors
    return errors or None


MODAL_TITLE_MAX = 45
MODAL_INPUTS_MAX = 5
INPUT_LABEL_MAX = 45


def modal_errors(data: Any) -> JSON | None:
    """The ``errors`` of Discord's 400 for a modal (callback type 9) over its limits."""
    if not isinstance(data, Mapping):
        return None
    errors: JSON = {}
    if _length(data.get("custom_id") or "") > CUSTOM_ID_MAX:
        errors["custom_id"] = _too_long(CUSTOM_ID_MAX)
    if _length(data.get("title") or "") > MODAL_TITLE_MAX:
        errors["title"] = _too_long(MODAL_TITLE_MAX)
    rows = list(data.get("components") or [])
    if len(rows) > MODAL_INPUTS_MAX:
        errors["components"] = _too_long(MODAL_INPUTS_MAX)
    for index, row in enumerate(rows):
        for item in _walk_components([row]):
            if item.get("type") == 4 and _length(item.get("label") or "") > INPUT_LABEL_MAX:
                errors.setdefault("components", {})[str(index)] = {
                    "label": _too_long(INPUT_LABEL_MAX)
                }
    return errors or None


def _invalid_form_body(errors: JSON) -> web.Response:
    return _error(400, "Invalid Form Body", 50035, errors=errors)


def _error(status: int, message: str, code: int = 0, **extra: Any) -> web.Response:
    return _json({"message": message, "code": code, **extra}, status=status)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py only decodes JSON when Content-Type is exactly "application/json".
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _no_content() -> web.Response:
    return web.Response(status=204)


_Handler = Callable[..., Awaitable[web.Response]]


# --------------------------------------------------------------------------- the fake


class FakeDiscord:
    """Fake Discord REST API + gateway on an ephemeral loopback port.

    Args:
        guilds: guilds the bot is in (default: ``[default_guild()]``). The bot member and
            its managed role are added to each guild automatically.
        application_id: application id; also the bot user's id.
        bot_name: the bot user's username.
        token: if set, the only token accepted (REST ``Bot`` header and IDENTIFY).
        app_owner_id: owner of the application (default: first guild's owner).
        users: extra users known to REST (``GET /users/{id}``) but not in a guild.
        strict_commands: :meth:`send_interaction` refuses commands the bot never synced.
        heartbeat_interval: HELLO's interval in milliseconds.
        patch: apply :meth:`patch_discord` for the lifetime of ``async with``.
        global_rate_limit: if set, Discord's global limit in requests per second: a REST
            request arriving when that many were already accepted in the last second (a
            sliding window) gets Discord's global 429 and is kept in :attr:`rate_limited`,
            not in :attr:`requests`. Interaction and webhook endpoints are exempt, as on
            Discord. Default off.
        shards: the shard count ``GET /gateway/bot`` recommends.
    """

    def __init__(
        self,
        guilds: Sequence[FakeGuild] | None = None,
        *,
        application_id: int = 999,
        bot_name: str = "fakebot",
        token: str | None = None,
        app_owner_id: int | None = None,
        users: Sequence[FakeUser] = (),
        strict_commands: bool = True,
        heartbeat_interval: int = 41250,
        patch: bool = True,
        global_rate_limit: float | None = None,
        shards: int = 1,
    ) -> None:
        self.application_id = application_id
        self.shards = shards
        self.global_rate_limit = global_rate_limit
        self.token = token
        self.strict_commands = strict_commands
        self.heartbeat_interval = heartbeat_interval
        self.bot_user = FakeUser(application_id, bot_name, bot=True)
        # Copied: mutate ``fake.guilds`` (e.g. append a FakeMember) to change the world later.
        self.guilds: list[FakeGuild] = copy.deepcopy(list(guilds or [default_guild()]))
        self._snowflake = _Snowflakes()
        for guild in self.guilds:
            self._prepare_guild(guild)
        self.users: dict[int, FakeUser] = {u.id: u for u in users}  # users outside any guild
        self.app_owner_id = app_owner_id or (
            self.guilds[0].owner_id if self.guilds else self.bot_user.id
        )

        # Observable state.
        self.requests: list[RecordedRequest] = []
        self.rate_limited: list[RecordedRequest] = []  # answered 429 (``global_rate_limit``)
        # (path, errors) of bodies refused with 400 Invalid Form Body (over Discord's limits)
        self.refused: list[tuple[str, JSON]] = []
        self.uploads: list[FakeAttachment] = []
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[int, JSON] = {}
        self.callbacks: dict[int, JSON] = {}
        # time.monotonic() when an interaction was dispatched (before its frame is sent, as
        # Discord's 3 s start when it creates the interaction), when its callback arrived and
        # when each of its follow-ups arrived: Discord's acknowledgement deadline, measurable.
        self.dispatched_at: dict[int, float] = {}
        self.callback_at: dict[int, float] = {}
        self.followup_at: dict[int, list[float]] = {}
        self.gateway_connects: list[dict[str, str]] = []  # query strings of gateway connections
        self.gateway_received: list[JSON] = []  # every payload the bot sent on the gateway
        self.identify_count = 0
        self.resume_count = 0
        self.heartbeat_count = 0

        self._commands: dict[int | None, list[JSON]] = {}
        self._command_ids: dict[tuple[int | None, str, int], int] = {}
        self._tokens: dict[str, int] = {}  # interaction token -> interaction id
        self._originals: dict[str, int] = {}  # interaction token -> @original message id
        self._dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self._blobs: dict[int, FakeAttachment] = {}  # attachment id -> content
        self._sessions: dict[str, _Session] = {}
        self._session: _Session | None = None
        self._connections: set[_Connection] = set()
        self._changed = asyncio.Event()
        self._routes = self._build_routes()
        self._accepted_at: deque[float] = deque()  # monotonic times inside the 1 s window
        self._runner: web.AppRunner | None = None
        self._exit_stack = contextlib.ExitStack()
        self._patch = patch
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        if self._patch:
            self._exit_stack.enter_context(self.patch_discord())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await self.close()
        finally:
            self._exit_stack.close()

    async def start(self) -> None:
        """Start listening on 127.0.0.1 (ephemeral port)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_get(
            "/attachments/{channel_id}/{attachment_id}/{filename}", self._attachment_handler
        )
        app.router.add_route("*", "/api/v{version:\\d+}{tail:/.*}", self._rest_handler)
        app.router.add_route("*", "/{tail:.*}", self._not_found_handler)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        # Discord takes any number of connections at once; the default backlog (128) would
        # drop a burst's SYNs and add the kernel's 1 s retransmit to the bot's requests.
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=LISTEN_BACKLOG)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        """Close gateway connections (code 1001) and stop the server."""
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001, message=b"fake discord shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be, e.g. ``http://127.0.0.1:PORT/api/v10``."""
        return f"{self.base_url}/api/v{API_VERSION}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[None]:
        """Point discord.py's REST base and default gateway at this fake (restored on exit)."""
        from discord.gateway import DiscordWebSocket
        from discord.http import Route

        old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE = self.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway

    # ------------------------------------------------------------------ waiting

    async def wait_until(
        self, check: Callable[[], T | None], timeout: float = 5.0, what: str = "condition"
    ) -> T:
        """Wait until ``check()`` returns something other than None/False.

        Re-checked on every fake-side change (request, gateway message) and every 20 ms,
        so predicates over bot-side state work too.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result is not None and result is not False:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = ", ".join(f"{r.method} {r.path}" for r in self.requests[-8:]) or "none"
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what}; last requests: {recent}"
                )
            self._changed.clear()  # no await since check(): no change can be missed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.02))

    def _notify(self) -> None:
        self._changed.set()

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until a bot identified and every GUILD_CREATE has been sent."""
        await self.wait_until(
            lambda: (
                self._session is not None and self._session.ready and self._session.conn is not None
            ),
            timeout,
            "the bot to IDENTIFY",
        )

    def connected_shards(self) -> set[tuple[int, int]]:
        """``(shard id, shard count)`` of every session that is ready and connected now."""
        return {
            s.shard
            for s in self._sessions.values()
            if s.shard is not None and s.ready and s.conn is not None
        }

    async def wait_callback(self, interaction_id: int, timeout: float = 5.0) -> JSON:
        """The interaction callback body the bot POSTed (``payload_json`` for multipart)."""
        return await self.wait_until(
            lambda: self.callbacks.get(interaction_id),
            timeout,
            f"callback of interaction {interaction_id}",
        )

    async def wait_for_request(
        self,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,
    ) -> RecordedRequest:
        """Wait until ``count`` requests match (``path`` exact or regex); returns the last match."""

        def check() -> RecordedRequest | None:
            found = self.requests_matching(method, path)
            return found[count - 1] if len(found) >= count else None

        return await self.wait_until(check, timeout, f"{count}x {method or '*'} {path or '*'}")

    async def wait_followups(self, token: str, count: int = 1, timeout: float = 5.0) -> list[JSON]:
        """Wait until the bot sent ``count`` follow-up messages for an interaction token."""
        return await self.wait_until(
            lambda: ((found := self.followups(token)) and len(found) >= count and found) or None,
            timeout,
            f"{count} follow-up(s)",
        )

    # ------------------------------------------------------------------ inspection

    def requests_matching(
        self, method: str | None = None, path: str | re.Pattern[str] | None = None
    ) -> list[RecordedRequest]:
        """Recorded requests filtered by method and path (exact string or compiled regex)."""

        def path_ok(p: str) -> bool:
            if path is None:
                return True
            return bool(path.fullmatch(p)) if isinstance(path, re.Pattern) else p == path

        return [
            r for r in self.requests if (method is None or r.method == method) and path_ok(r.path)
        ]

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """Application commands registered globally (``None``) or in a guild."""
        return list(self._commands.get(guild_id, []))

    def followups(self, token: str) -> list[JSON]:
        """Bodies of follow-up messages (``POST /webhooks/{app}/{token}``) in order."""
        return self._webhook_bodies(token, "POST")

    def edits(self, token: str) -> list[JSON]:
        """Bodies of edits to interaction messages (``PATCH .../messages/{id|@original}``)."""
        return self._webhook_bodies(token, "PATCH")

    def original_message(self, token: str) -> JSON | None:
        """Current state of an interaction's ``@original`` message, if any."""
        mid = self._originals.get(token)
        return self.messages.get(mid) if mid is not None else None

    def interaction_messages(self, interaction_id: int) -> list[JSON]:
        """Messages an interaction's responses and follow-ups currently show, oldest first
        (a deferral's loading message until it is completed, nothing once deleted)."""
        return [
            m
            for m in self.messages.values()
            if (m.get("interaction_metadata") or {}).get("id") == str(interaction_id)
        ]

    def channel_messages(self, channel_id: int) -> list[JSON]:
        """Messages currently stored in a channel, oldest first."""
        return [m for m in self.messages.values() if m["channel_id"] == str(channel_id)]

    def _webhook_bodies(self, token: str, method: str) -> list[JSON]:
        pattern = re.compile(
            rf"/webhooks/\d+/{re.escape(token)}" + ("" if method == "POST" else r"/messages/.+")
        )
        return [self._payload_of(r.body) for r in self.requests_matching(method, pattern)]

    @staticmethod
    def _payload_of(body: Any) -> Any:
        if isinstance(body, dict) and set(body) == {"payload_json", "files"}:
            return body["payload_json"]
        return body

    # ------------------------------------------------------------------ gateway: test actions

    async def dispatch(
        self, event: str, data: Mapping[str, Any], *, guild_id: int | None = None
    ) -> int:
        """Send a DISPATCH (op 0) to the session owning ``guild_id``; returns its ``s``."""
        return await self._dispatch_to(self._session_for(guild_id), event, dict(data))

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py then reconnects and RESUMEs."""
        await self._require_conn().send({"op": OP_RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; with ``resumable=False`` the bot must IDENTIFY again."""
        conn = self._require_conn()
        if not resumable:
            assert conn.session is not None
            self._sessions.pop(conn.session.session_id, None)
        await conn.send({"op": OP_INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the bot's websocket from the server side (discord.py resumes for 4000)."""
        await self._require_conn().ws.close(code=code, message=b"dropped by fake")

    def _require_conn(self) -> _Connection:
        session = self._session_for(None)
        if session.conn is None:
            raise RuntimeError("the bot is not connected")
        return session.conn

    async def send_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        **extra: Any,
    ) -> JSON:
        """A user posts a message: stored and dispatched as MESSAGE_CREATE (intent rules apply)."""
        guild = None if dm else self._guild(guild_id)
        user = self._user(
            user_id if user_id is not None else (guild.owner_id if guild else self.app_owner_id)
        )
        if dm:
            cid = self._dm_channel(user.id)
        else:
            assert guild is not None
            cid = channel_id if channel_id is not None else self._default_channel(guild).id
        msg = self._store_message(cid, {"content": content, **extra}, [], author=user)
        await self._echo_message("MESSAGE_CREATE", msg)
        return msg

    async def send_interaction(
        self,
        command: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        custom_id: str | None = None,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        message_id: int | None = None,
        message: Mapping[str, Any] | None = None,
        modal_fields: Mapping[str, str] | None = None,
        focused: str | None = None,
        command_type: int = 1,
        target_id: int | None = None,
        user_id: int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        dm: bool = False,
        locale: str = "en-US",
    ) -> InteractionRef:
        """Dispatch INTERACTION_CREATE shaped like Discord's.

        * slash command: ``send_interaction("study start", {"deck": "x", "user": 444})`` —
          words after the first are subcommand group/subcommand; option types come from the
          synced command (USER/CHANNEL/ROLE/MENTIONABLE/ATTACHMENT fill ``resolved``).
          ``focused="deck"`` makes it an autocomplete (type 4) interaction.
        * context menu: ``command_type=2`` (user) or ``3`` (message) with ``target_id``.
        * component: ``send_interaction(custom_id="smoke:7")`` (``values`` for selects). The message
          is ``message``/``message_id``, else the newest stored message containing that
          ``custom_id``, else a synthesized bot message carrying such a component.
        * modal submit: ``send_interaction(custom_id="modal", modal_fields={"field": "text"})``.

        The invoking user defaults to the guild owner, the channel to the first text channel.
        """
        guild = None if dm else self._guild(guild_id)
        user = self._user(
            user_id if user_id is not None else (guild.owner_id if guild else self.app_owner_id)
        )
        iid, token = self._snowflake(), "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: JSON = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild is not None:
            member = guild.member(user.id)
            if member is None:
                raise ValueError(f"user {user.id} is not a member of guild {guild.id}")
            channel = (
                guild.channel(channel_id)
                if channel_id is not None
                else self._default_channel(guild)
            )
            if channel is None:
                raise ValueError(f"unknown channel {channel_id} in guild {guild.id}")
            perms = guild.permissions_of(member)
            bot_member = guild.member(self.bot_user.id)
            assert bot_member is not None
            payload.update(
                guild_id=str(guild.id),
                guild={
                    "id": str(guild.id),
                    "locale": guild.preferred_locale,
                    "features": guild.features,
                },
                guild_locale=guild.preferred_locale,
                channel_id=str(channel.id),
                channel={**channel.to_payload(guild.id), "permissions": str(perms)},
                member={**member.to_payload(), "permissions": str(perms)},
                app_permissions=str(guild.permissions_of(bot_member)),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
            cid = channel.id
        else:
            cid = self._dm_channel(user.id)
            payload.update(
                channel_id=str(cid),
                channel=self._dm_channel_payload(user),
                user=user.to_payload(),
                app_permissions=str(DEFAULT_BOT_PERMISSIONS),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )

        if command is not None:
            payload["type"] = 4 if focused is not None else 2
            payload["data"] = self._command_data(
                guild, command, options or {}, command_type, target_id, focused, cid
            )
        elif custom_id is not None and modal_fields is not None:
            payload["type"] = 5
            payload["data"] = {
                "custom_id": custom_id,
                "components": [
                    {
                        "type": 1,
                        "id": n + 1,
                        "components": [{"type": 4, "id": n + 2, "custom_id": k, "value": v}],
                    }
                    for n, (k, v) in enumerate(modal_fields.items())
                ],
            }
            if message_id is not None:
                payload["message"] = self.messages[message_id]
        elif custom_id is not None:
            source = self._component_message(
                cid, guild, custom_id, component_type, values, message_id, message
            )
            payload["type"] = 3
            payload["message"] = source
            payload["data"] = {"custom_id": custom_id, "component_type": component_type}
            if values is not None:
                payload["data"]["values"] = list(values)
        else:
            raise ValueError("pass a command name or a custom_id")

        self.interactions[iid] = payload
        self._tokens[token] = iid
        self.dispatched_at[iid] = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=guild.id if guild else None)
        return InteractionRef(iid, token)

    # ------------------------------------------------------------------ interaction building

    def _command_data(
        self,
        guild: FakeGuild | None,
        command: str,
        options: Mapping[str, Any],
        command_type: int,
        target_id: int | None,
        focused: str | None,
        channel_id: int,
    ) -> JSON:
        name, *path = command.split()
        registered = self._find_command(name, command_type, guild.id if guild else None)
        if registered is None and self.strict_commands:
            raise LookupError(
                f"command {name!r} (type {command_type}) is not registered;"
                " did the bot sync its tree?"
            )
        data: JSON = {
            "id": registered["id"] if registered else str(self._snowflake()),
            "name": name,
            "type": command_type,
        }
        if registered is not None and registered.get("guild_id"):
            data["guild_id"] = registered["guild_id"]
        elif registered is None and guild is not None:
            data["guild_id"] = str(guild.id)
        resolved: JSON = {}

        if command_type != 1:  # context menu
            if target_id is None:
                raise ValueError("context menu commands need target_id")
            data["target_id"] = str(target_id)
            if command_type == 2:
                self._resolve_user(guild, target_id, resolved)
            else:
                msg = self.messages.get(target_id)
                if msg is None:
                    raise ValueError(f"unknown message {target_id}")
                resolved["messages"] = {str(target_id): msg}
            data["resolved"] = resolved
            return data

        container: JSON = data
        schema: list[JSON] | None = registered.get("options", []) if registered else None
        for depth, sub in enumerate(path):
            spec = next((o for o in schema or [] if o["name"] == sub), None)
            if schema is not None and (
                spec is None or spec.get("type") not in (OPT_SUB_COMMAND, OPT_SUB_COMMAND_GROUP)
            ):
                raise LookupError(f"{sub!r} is not a subcommand (group) of {command!r}")
            sub_type = (
                spec["type"]
                if spec
                else (OPT_SUB_COMMAND if depth == len(path) - 1 else OPT_SUB_COMMAND_GROUP)
            )
            node: JSON = {"name": sub, "type": sub_type, "options": []}
            container["options"] = [node]
            container = node
            schema = spec.get("options", []) if spec else None

        built = [
            self._option(key, value, schema, guild, resolved, key == focused, channel_id)
            for key, value in options.items()
        ]
        if schema is not None:
            missing = [o["name"] for o in schema if o.get("required") and o["name"] not in options]
            if missing and focused is None:
                raise ValueError(f"missing required options for {command!r}: {missing}")
        if built or container is not data:
            container["options"] = built
        if resolved:
            data["resolved"] = resolved
        return data

    def _option(
        self,
        name: str,
        value: Any,
        schema: list[JSON] | None,
        guild: FakeGuild | None,
        resolved: JSON,
        focused: bool,
        channel_id: int,
    ) -> JSON:
        spec = next((o for o in schema or [] if o["name"] == name), None)
        if schema is not None and spec is None:
            raise LookupError(f"unknown option {name!r}; known: {[o['name'] for o in schema]}")
        opt_type = spec["type"] if spec else self._infer_option_type(value)
        out: JSON = {"name": name, "type": opt_type}
        if focused:  # autocomplete sends what the user has typed so far, unvalidated
            out.update(
                value=value if isinstance(value, (str, int, float, bool)) else str(value),
                focused=True,
            )
            return out
        if opt_type in (OPT_STRING, OPT_INTEGER, OPT_NUMBER, OPT_BOOLEAN):
            cast: dict[int, Callable[[Any], Any]] = {
                OPT_STRING: str,
                OPT_INTEGER: int,
                OPT_NUMBER: float,
                OPT_BOOLEAN: bool,
            }
            out["value"] = cast[opt_type](value)
        elif opt_type == OPT_USER:
            out["value"] = str(self._resolve_user(guild, _id_of(value), resolved))
        elif opt_type == OPT_ROLE:
            out["value"] = str(self._resolve_role(guild, _id_of(value), resolved))
        elif opt_type == OPT_MENTIONABLE:
            target = _id_of(value)
            if guild is not None and guild.role(target) is not None:
                self._resolve_role(guild, target, resolved)
            else:
                self._resolve_user(guild, target, resolved)
            out["value"] = str(target)
        elif opt_type == OPT_CHANNEL:
            if guild is None or (channel := guild.channel(_id_of(value))) is None:
                raise ValueError(f"unknown channel {value!r}")
            member_perms = str(ALL_PERMISSIONS)
            resolved.setdefault("channels", {})[str(channel.id)] = {
                **channel.to_payload(guild.id),
                "permissions": member_perms,
            }
            out["value"] = str(channel.id)
        elif opt_type == OPT_ATTACHMENT:
            att = value if isinstance(value, FakeAttachment) else FakeAttachment(*value)
            att_payload = self._attachment_payload(channel_id, att, ephemeral=True)
            resolved.setdefault("attachments", {})[att_payload["id"]] = att_payload
            out["value"] = att_payload["id"]
        else:
            raise ValueError(f"unsupported option type {opt_type} for {name!r}")
        return out

    @staticmethod
    def _infer_option_type(value: Any) -> int:
        if isinstance(value, bool):
            return OPT_BOOLEAN
        if isinstance(value, int):
            return OPT_INTEGER
        if isinstance(value, float):
            return OPT_NUMBER
        if isinstance(value, (FakeUser, FakeMember)):
            return OPT_USER
        if isinstance(value, FakeRole):
            return OPT_ROLE
        if isinstance(value, FakeChannel):
            return OPT_CHANNEL
        if isinstance(value, (FakeAttachment, tuple)):
            return OPT_ATTACHMENT
        return OPT_STRING

    def _resolve_user(self, guild: FakeGuild | None, user_id: int, resolved: JSON) -> int:
        user = self._user(user_id)
        resolved.setdefault("users", {})[str(user_id)] = user.to_payload()
        member = guild.member(user_id) if guild else None
        if guild is not None and member is not None:
            resolved.setdefault("members", {})[str(user_id)] = {
                **member.to_payload(with_user=False),
                "permissions": str(guild.permissions_of(member)),
            }
        return user_id

    def _resolve_role(self, guild: FakeGuild | None, role_id: int, resolved: JSON) -> int:
        role = guild.role(role_id) if guild else None
        if role is None:
            raise ValueError(f"unknown role {role_id}")
        resolved.setdefault("roles", {})[str(role_id)] = role.to_payload()
        return role_id

    def _component_message(
        self,
        channel_id: int,
        guild: FakeGuild | None,
        custom_id: str,
        component_type: int,
        values: Sequence[str] | None,
        message_id: int | None,
        message: Mapping[str, Any] | None,
    ) -> JSON:
        if message is not None:
            stored = dict(message)
            self.messages[int(stored["id"])] = stored
            return stored
        if message_id is not None:
            return self.messages[message_id]
        for msg in reversed(list(self.messages.values())):
            if any(
                c.get("custom_id") == custom_id
                for c in _walk_components(msg.get("components") or [])
            ):
                return msg
        component: JSON = {"type": component_type, "id": 2, "custom_id": custom_id}
        if component_type == 2:
            component.update(style=1, label=custom_id)
        elif component_type == 3:
            opts = list(values or ["option"])
            component.update(
                options=[{"label": v, "value": v} for v in opts], min_values=1, max_values=len(opts)
            )
        msg = self._store_message(
            channel_id,
            {"content": "", "components": [{"type": 1, "id": 1, "components": [component]}]},
            [],
        )
        return msg

    # ------------------------------------------------------------------ lookup helpers

    def _prepare_guild(self, guild: FakeGuild) -> None:
        if guild.role(guild.id) is None:
            guild.roles.insert(
                0, FakeRole(guild.id, "@everyone", permissions=DEFAULT_EVERYONE_PERMISSIONS)
            )
        if guild.member(self.bot_user.id) is None:
            role = next((r for r in guild.roles if r.managed_bot_id == self.bot_user.id), None)
            if role is None:
                role = FakeRole(
                    self._snowflake(),
                    self.bot_user.username,
                    DEFAULT_BOT_PERMISSIONS,
                    position=1 + max(r.position for r in guild.roles),  # the bot's role on top
                    managed_bot_id=self.bot_user.id,
                )
                guild.roles.append(role)
            guild.members.append(FakeMember(self.bot_user, roles=[role.id]))

    def _guild(self, guild_id: int | None) -> FakeGuild:
        if guild_id is None:
            if not self.guilds:
                raise LookupError("no guilds configured")
            return self.guilds[0]
        guild = next((g for g in self.guilds if g.id == guild_id), None)
        if guild is None:
            raise LookupError(f"unknown guild {guild_id}")
        return guild

    def _find_user(self, user_id: int) -> FakeUser | None:
        if user_id == self.bot_user.id:
            return self.bot_user
        members = (g.member(user_id) for g in self.guilds)
        return next((m.user for m in members if m is not None), self.users.get(user_id))

    def _user(self, user_id: int) -> FakeUser:
        user = self._find_user(user_id)
        if user is None:
            raise LookupError(f"unknown user {user_id}")
        return user

    @staticmethod
    def _default_channel(guild: FakeGuild) -> FakeChannel:
        channel = next((c for c in guild.channels if c.type in (0, 5)), None)
        if channel is None:
            raise LookupError(f"guild {guild.id} has no text channel")
        return channel

    def _find_channel(self, channel_id: int) -> tuple[FakeGuild | None, FakeChannel | None]:
        for guild in self.guilds:
            if (channel := guild.channel(channel_id)) is not None:
                return guild, channel
        return None, None

    def _dm_channel(self, user_id: int) -> int:
        return self._dm_channels.setdefault(user_id, self._snowflake())

    def _dm_channel_payload(self, user: FakeUser) -> JSON:
        return {
            "id": str(self._dm_channel(user.id)),
            "type": 1,
            "recipients": [user.to_payload()],
            "last_message_id": None,
            "flags": 0,
        }

    def _dm_user(self, channel_id: int) -> FakeUser | None:
        user_id = next((u for u, c in self._dm_channels.items() if c == channel_id), None)
        return self._find_user(user_id) if user_id is not None else None

    def _find_command(self, name: str, command_type: int, guild_id: int | None) -> JSON | None:
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self._commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == command_type:
                    return cmd
        return None

    # ------------------------------------------------------------------ gateway server

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(compress=False, max_msg_size=0, timeout=1.0)
        await ws.prepare(request)
        query = dict(request.query)
        self.gateway_connects.append(query)
        compress = query.get("compress")
        if compress not in (None, "zlib-stream", "zstd-stream"):
            await ws.close(code=4000, message=b"unsupported compression")
            return ws
        conn = _Connection(ws, compress)
        self._connections.add(conn)
        try:
            await conn.send(
                {
                    "op": OP_HELLO,
                    "d": {
                        "heartbeat_interval": self.heartbeat_interval,
                        "_trace": ["fake-discord"],
                    },
                    "s": None,
                    "t": None,
                }
            )
            async for msg in ws:
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    break
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                self.gateway_received.append(payload)
                await self._handle_op(conn, payload)
        finally:
            self._connections.discard(conn)
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self._notify()
        return ws

    async def _handle_op(self, conn: _Connection, payload: JSON) -> None:
        op, d = payload.get("op"), payload.get("d")
        if op == OP_HEARTBEAT:
            self.heartbeat_count += 1
            await conn.send({"op": OP_HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == OP_IDENTIFY:
            await self._identify(conn, d or {})
        elif op == OP_RESUME:
            await self._resume(conn, d or {})
        elif op == OP_REQUEST_MEMBERS:
            await self._request_members(conn, d or {})
        elif op in (OP_PRESENCE, OP_VOICE_STATE):
            pass  # recorded in gateway_received
        else:
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    def _token_ok(self, token: str | None) -> bool:
        return bool(token) and (self.token is None or token == self.token)

    async def _identify(self, conn: _Connection, d: JSON) -> None:
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        if not self._token_ok(d.get("token")):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = (int(d["shard"][0]), int(d["shard"][1])) if d.get("shard") else None
        session = _Session(secrets.token_hex(16), d["token"], int(d.get("intents", 0)), shard)
        session.conn, conn.session = conn, session
        self._sessions[session.session_id] = session
        self._session = session
        self.identify_count += 1
        guilds = [g for g in self.guilds if session.owns_guild(g.id)]
        ready: JSON = {
            "v": API_VERSION,
            "user": {
                **self.bot_user.to_payload(),
                "verified": True,
                "mfa_enabled": False,
                "email": None,
                "bot": True,
            },
            "user_settings": {},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "auth": {},
            "_trace": ["fake-discord"],
        }
        if shard is not None:
            ready["shard"] = list(shard)
        await self._dispatch_to(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to(
                session, "GUILD_CREATE", self._guild_create_payload(guild, session.intents)
            )
        session.ready = True
        self._notify()

    async def _resume(self, conn: _Connection, d: JSON) -> None:
        session = self._sessions.get(str(d.get("session_id")))
        if session is None or d.get("token") != session.token:
            await conn.send({"op": OP_INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        session.conn, conn.session = conn, session
        self._session = session
        last_seen = d.get("seq") or 0
        for missed in [p for p in session.history if p["s"] > last_seen]:
            await conn.send(missed)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake-discord"]})
        self.resume_count += 1
        self._notify()

    async def _request_members(self, conn: _Connection, d: JSON) -> None:
        guild_ids = d.get("guild_id")
        for gid in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = next((g for g in self.guilds if gid is not None and g.id == int(gid)), None)
            if guild is None or conn.session is None:
                continue
            members = guild.members
            wanted = [int(u) for u in d.get("user_ids") or []]
            not_found: list[str] = []
            if wanted:
                members = [m for m in members if m.user.id in wanted]
                not_found = [str(u) for u in wanted if guild.member(u) is None]
            elif d.get("query"):
                members = [
                    m
                    for m in members
                    if m.user.username.lower().startswith(str(d["query"]).lower())
                ]
            if d.get("limit"):
                members = members[: int(d["limit"])]
            chunk: JSON = {
                "guild_id": str(guild.id),
                "members": [m.to_payload() for m in members if m is not None],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": not_found,
            }
            if d.get("presences"):
                chunk["presences"] = []
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            await self._dispatch_to(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    def _session_for(self, guild_id: int | None) -> _Session:
        candidates = [s for s in self._sessions.values() if s.ready]
        if guild_id is not None:
            candidates = [s for s in candidates if s.owns_guild(guild_id)]
        else:  # Discord sends DMs to shard 0 only
            candidates = [s for s in candidates if s.shard is None or s.shard[0] == 0]
        if self._session is not None and self._session in candidates:
            return self._session
        if not candidates:
            raise RuntimeError("no bot session; start the bot and await fake.wait_ready() first")
        return candidates[-1]

    async def _dispatch_to(self, session: _Session, event: str, data: JSON) -> int:
        session.seq += 1
        payload: JSON = {"op": OP_DISPATCH, "t": event, "s": session.seq, "d": data}
        session.history.append(payload)  # replayed on RESUME if the bot is away
        if session.conn is not None:
            await session.conn.send(payload)
        return session.seq

    def _guild_create_payload(self, guild: FakeGuild, intents: int) -> JSON:
        """GUILD_CREATE; like Discord it lists every member only with GUILD_PRESENCES in a
        non-large guild, otherwise just the bot (the rest come from REQUEST_MEMBERS chunks)."""
        large = len(guild.members) > 250
        everyone = intents & INTENT_GUILD_PRESENCES and not large
        members = guild.members if everyone else [guild.member(self.bot_user.id)]
        bot_member = guild.member(self.bot_user.id)
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "region": "deprecated",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "nsfw": False,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": guild.preferred_locale,
            "features": guild.features,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "roles": [r.to_payload() for r in guild.roles],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "incidents_data": None,
            "latest_onboarding_question_id": None,
            "home_header": None,
            "hub_type": None,
            # GUILD_CREATE-only fields:
            "joined_at": bot_member.joined_at if bot_member else _now_iso(),
            "large": large,
            "unavailable": False,
            "lazy": True,
            "member_count": len(guild.members),
            "members": [m.to_payload() for m in members if m is not None],
            "channels": [c.to_payload() for c in guild.channels],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
            "activity_instances": [],
        }

    # ------------------------------------------------------------------ messages

    def _attachment_payload(
        self,
        channel_id: int,
        att: FakeAttachment,
        *,
        ephemeral: bool = False,
        description: str | None = None,
    ) -> JSON:
        aid = self._snowflake()
        self._blobs[aid] = att
        url = f"{self.base_url}/attachments/{channel_id}/{aid}/{att.filename}"
        data: JSON = {
            "id": str(aid),
            "filename": att.filename,
            "size": len(att.data),
            "url": url,
            "proxy_url": url,
            "content_type": att.content_type,
        }
        if description is not None:
            data["description"] = description
        if ephemeral:
            data["ephemeral"] = True
        return data

    def _attachments(
        self,
        channel_id: int,
        payload: Mapping[str, Any],
        files: Sequence[FakeAttachment],
        existing: Sequence[JSON],
        ephemeral: bool,
    ) -> list[JSON]:
        """Message attachments from ``payload["attachments"]`` + uploaded ``files[n]`` parts."""
        self.uploads.extend(files)
        keep = {a["id"]: a for a in existing}
        result: list[JSON] = []
        entries = payload.get("attachments")
        if entries is None:
            entries = [{"id": i} for i in range(len(files))]
            result.extend(existing)
        for entry in entries:
            ref = str(entry.get("id"))
            if ref in keep:
                result.append(keep[ref])
            elif ref.isdigit() and int(ref) < len(files):
                result.append(
                    self._attachment_payload(
                        channel_id,
                        files[int(ref)],
                        ephemeral=ephemeral,
                        description=entry.get("description"),
                    )
                )
        return result

    def _store_message(
        self,
        channel_id: int,
        payload: Mapping[str, Any],
        files: Sequence[FakeAttachment],
        *,
        author: FakeUser | None = None,
        msg_type: int = 0,
        interaction: Mapping[str, Any] | None = None,
        flags: int | None = None,
    ) -> JSON:
        """Create a message object like Discord returns it, and keep it in :attr:`messages`."""
        mid = self._snowflake()
        flags = int(payload.get("flags") or 0) if flags is None else flags
        msg: JSON = {
            "id": str(mid),
            "channel_id": str(channel_id),
            "type": msg_type,
            "content": payload.get("content") or "",
            "author": (author or self.bot_user).to_payload(),
            "attachments": self._attachments(
                channel_id, payload, files, [], bool(flags & EPHEMERAL)
            ),
            "embeds": list(payload.get("embeds") or []),
            "components": list(payload.get("components") or []),
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": bool(payload.get("tts", False)),
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "flags": flags,
        }
        if payload.get("nonce") is not None:
            msg["nonce"] = payload["nonce"]
        if payload.get("message_reference"):
            msg["message_reference"] = {
                "type": 0,
                "channel_id": str(channel_id),
                **payload["message_reference"],
            }
            if msg_type == 0:
                msg["type"] = 19
        if interaction is not None:
            user = interaction.get("member", {}).get("user") or interaction.get("user")
            msg.update(webhook_id=str(self.application_id), application_id=str(self.application_id))
            msg["interaction_metadata"] = {
                "id": interaction["id"],
                "type": interaction["type"],
                "user": user,
                "authorizing_integration_owners": interaction.get(
                    "authorizing_integration_owners", {}
                ),
            }
            if interaction["type"] == 2:
                msg["interaction_metadata"]["name"] = interaction["data"]["name"]
                msg["interaction"] = {
                    "id": interaction["id"],
                    "type": 2,
                    "name": interaction["data"]["name"],
                    "user": user,
                }
        self.messages[mid] = msg
        return msg

    def _edit_message(
        self, msg: JSON, payload: Mapping[str, Any], files: Sequence[FakeAttachment]
    ) -> None:
        for key, default in (("content", ""), ("embeds", []), ("components", [])):
            if key in payload:
                msg[key] = payload[key] if payload[key] is not None else default
        if "attachments" in payload or files:
            msg["attachments"] = self._attachments(
                int(msg["channel_id"]),
                payload,
                files,
                msg["attachments"],
                bool(msg["flags"] & EPHEMERAL),
            )
        if "flags" in payload and payload["flags"] is not None:
            msg["flags"] = int(payload["flags"]) | (msg["flags"] & EPHEMERAL)
        if msg["flags"] & LOADING:  # first edit of a deferred response completes it
            msg["flags"] &= ~LOADING
        else:
            msg["edited_timestamp"] = _now_iso()

    async def _echo_message(self, event: str, msg: JSON) -> None:
        """Dispatch MESSAGE_CREATE/UPDATE like Discord would for this session's intents."""
        if msg["flags"] & EPHEMERAL:
            return
        guild, _ = self._find_channel(int(msg["channel_id"]))
        try:
            session = self._session_for(guild.id if guild else None)
        except RuntimeError:
            return
        needed = INTENT_GUILD_MESSAGES if guild else INTENT_DIRECT_MESSAGES
        if not session.intents & needed:
            return
        data = dict(msg)
        from_bot = msg["author"]["id"] == str(self.bot_user.id)
        mentioned = f"<@{self.bot_user.id}>" in msg["content"]
        if (
            guild is not None
            and not from_bot
            and not mentioned
            and not session.intents & INTENT_MESSAGE_CONTENT
        ):
            data.update(content="", embeds=[], attachments=[], components=[])
        if guild is not None:
            data["guild_id"] = str(guild.id)
            author = guild.member(int(msg["author"]["id"]))
            if author is not None:
                data["member"] = author.to_payload(with_user=False)
        await self._dispatch_to(session, event, data)

    async def _echo_delete(self, msg: JSON) -> None:
        guild, _ = self._find_channel(int(msg["channel_id"]))
        with contextlib.suppress(RuntimeError):
            session = self._session_for(guild.id if guild else None)
            data: JSON = {"id": msg["id"], "channel_id": msg["channel_id"]}
            if guild is not None:
                data["guild_id"] = str(guild.id)
            if not msg["flags"] & EPHEMERAL:
                await self._dispatch_to(session, "MESSAGE_DELETE", data)

    # ------------------------------------------------------------------ REST server

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], _Handler]]:
        cmds = r"/applications/(?P<app_id>\d+)(?:/guilds/(?P<guild_id>\d+))?/commands"
        hook = r"/webhooks/(?P<app_id>\d+)/(?P<token>[^/]+)"
        msg = r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)"
        table: list[tuple[str, str, _Handler]] = [
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/users/(?P<user_id>\d+)", self._get_user),
            ("POST", r"/users/@me/channels", self._create_dm),
            ("GET", r"/gateway", self._get_gateway),
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/applications/@me", self._get_application),
            ("GET", cmds, self._get_commands),
            ("PUT", cmds, self._put_commands),
            ("POST", cmds, self._post_command),
            ("GET", cmds + r"/(?P<command_id>\d+)", self._get_command),
            ("PATCH", cmds + r"/(?P<command_id>\d+)", self._patch_command),
            ("DELETE", cmds + r"/(?P<command_id>\d+)", self._delete_command),
            (
                "POST",
                r"/interactions/(?P<interaction_id>\d+)/(?P<token>[^/]+)/callback",
                self._interaction_callback,
            ),
            ("POST", hook, self._post_followup),
            ("GET", hook + r"/messages/(?P<message_id>@original|\d+)", self._get_webhook_message),
            (
                "PATCH",
                hook + r"/messages/(?P<message_id>@original|\d+)",
                self._patch_webhook_message,
            ),
            (
                "DELETE",
                hook + r"/messages/(?P<message_id>@original|\d+)",
                self._delete_webhook_message,
            ),
            ("GET", r"/channels/(?P<channel_id>\d+)", self._get_channel),
            ("POST", r"/channels/(?P<channel_id>\d+)/messages", self._post_message),
            ("GET", msg, self._get_message),
            ("PATCH", msg, self._patch_message),
            ("DELETE", msg, self._delete_message),
            ("PUT", msg + r"/reactions/(?P<emoji>[^/]+)/@me", self._no_content_handler),
            ("POST", r"/channels/(?P<channel_id>\d+)/typing", self._no_content_handler),
            ("GET", r"/guilds/(?P<guild_id>\d+)", self._get_guild),
            ("GET", r"/guilds/(?P<guild_id>\d+)/channels", self._get_guild_channels),
            ("GET", r"/guilds/(?P<guild_id>\d+)/roles", self._get_guild_roles),
            ("GET", r"/guilds/(?P<guild_id>\d+)/members/(?P<user_id>\d+)", self._get_member),
        ]
        return [(method, re.compile(pattern), handler) for method, pattern, handler in table]

    async def _read_body(self, request: web.Request) -> tuple[Any, Any, list[FakeAttachment]]:
        """Returns (recorded body, JSON payload, uploaded files)."""
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            payload: Any = None
            files: list[FakeAttachment] = []
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    continue  # nested multipart: discord.py never sends one
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                elif part.filename is not None:
                    data = await part.read(decode=False)
                    files.append(
                        FakeAttachment(
                            part.filename, bytes(data), part.headers.get(hdrs.CONTENT_TYPE)
                        )
                    )
            return {"payload_json": payload, "files": [f.filename for f in files]}, payload, files
        raw = await request.read()
        if not raw:
            return None, None, []
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        return body, body, []

    def _global_retry_after(self, path: str) -> float | None:
        """Seconds until the sliding window admits a request; None when it admits it now."""
        if self.global_rate_limit is None or path.startswith(("/webhooks/", "/interactions/")):
            return None
        now = time.monotonic()
        window = self._accepted_at
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.global_rate_limit:
            index = len(window) - int(self.global_rate_limit)
            return max(math.ceil((window[index] + 1.0 - now) * 1000) / 1000, 0.001)
        window.append(now)
        return None

    @staticmethod
    def _global_429(retry_after: float) -> web.Response:
        """Discord's answer when the bot exceeds its global rate limit."""
        response = _json(
            {"message": "You are being rate limited.", "retry_after": retry_after, "global": True},
            status=429,
        )
        response.headers.update(
            {
                "Retry-After": str(math.ceil(retry_after)),
                "X-RateLimit-Global": "true",
                "X-RateLimit-Scope": "global",
                "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
            }
        )
        return response

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["tail"]
        body, payload, files = await self._read_body(request)
        retry_after = self._global_retry_after(path)
        if retry_after is not None:
            self.rate_limited.append(RecordedRequest(request.method, path, body))
            self._notify()
            return self._global_429(retry_after)
        self.requests.append(RecordedRequest(request.method, path, body))
        try:
            return await self._route(request, path, payload, files)
        finally:
            self._notify()

    async def _route(
        self, request: web.Request, path: str, payload: Any, files: list[FakeAttachment]
    ) -> web.Response:
        path_known = False
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            path_known = True
            if method != request.method:
                continue
            if not path.startswith(("/webhooks/", "/interactions/")):
                auth = request.headers.get(hdrs.AUTHORIZATION, "")
                if not auth.startswith("Bot ") or not self._token_ok(auth[4:]):
                    return _error(401, "401: Unauthorized")
            params = {k: v for k, v in match.groupdict().items() if v is not None}
            return await handler(request, payload, files, **params)
        if path_known:
            return _error(405, "405: Method Not Allowed")
        return _error(404, "404: Not Found")

    async def _not_found_handler(self, request: web.Request) -> web.StreamResponse:
        body, _, _ = await self._read_body(request)
        self.requests.append(RecordedRequest(request.method, request.path, body))
        self._notify()
        return _error(404, "404: Not Found")

    async def _attachment_handler(self, request: web.Request) -> web.StreamResponse:
        att = self._blobs.get(int(request.match_info["attachment_id"]))
        if att is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(
            body=att.data, content_type=att.content_type or "application/octet-stream"
        )

    # --- users / gateway / application

    async def _get_me(
        self, request: web.Request, payload: Any, files: list[FakeAttachment]
    ) -> web.Response:
        me = {
            **self.bot_user.to_payload(),
            "verified": True,
            "mfa_enabled": False,
            "email": None,
            "locale": "en-US",
            "premium_type": 0,
            "bio": "",
        }
        return _json(me)

    async def _get_user(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], user_id: str
    ) -> web.Response:
        user = self._find_user(int(user_id))
        return _json(user.to_payload()) if user else _error(404, "Unknown User", 10013)

    async def _create_dm(
        self, request: web.Request, payload: Any, files: list[FakeAttachment]
    ) -> web.Response:
        user = self._find_user(int((payload or {}).get("recipient_id", 0)))
        if user is None:
            return _error(400, "Invalid Recipient(s)", 50033)
        return _json(self._dm_channel_payload(user))

    async def _get_gateway(
        self, request: web.Request, payload: Any, files: list[FakeAttachment]
    ) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _get_gateway_bot(
        self, request: web.Request, payload: Any, files: list[FakeAttachment]
    ) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": self.shards, "session_start_limit": limit})

    async def _get_application(
        self, request: web.Request, payload: Any, files: list[FakeAttachment]
    ) -> web.Response:
        owner = self._find_user(self.app_owner_id) or self.bot_user
        return _json(
            {
                "id": str(self.application_id),
                "name": self.bot_user.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "hook": True,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": owner.to_payload(),
                "team": None,
                "flags": 0,
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "integration_types_config": {"0": {}},
                "approximate_guild_count": len(self.guilds),
                "bot": self.bot_user.to_payload(),
            }
        )

    # --- application commands

    def _command_scope(self, app_id: str, guild_id: str | None) -> int | web.Response | None:
        if int(app_id) != self.application_id:
            return _error(403, "Missing Access", 50001)
        if guild_id is None:
            return None
        if not any(g.id == int(guild_id) for g in self.guilds):
            return _error(403, "Missing Access", 50001)
        return int(guild_id)

    def _validate_command(self, cmd: Any) -> str | None:
        if not isinstance(cmd, dict) or not isinstance(cmd.get("name"), str):
            return "command must be an object with a name"
        name, ctype = cmd["name"], cmd.get("type", 1)
        if not 1 <= len(name) <= 32:
            return f"name {name!r} must be 1-32 characters"
        if ctype == 1:
            if name != name.lower() or not re.fullmatch(r"[-_\w]+", name):
                return f"invalid chat input command name {name!r}"
            if not 1 <= len(cmd.get("description") or "") <= 100:
                return f"description of {name!r} must be 1-100 characters"

        def check_options(options: list[JSON], where: str) -> str | None:
            if len(options) > 25:
                return f"{where}: more than 25 options"
            seen_optional = False
            for opt in options:
                if opt.get("type") in (OPT_SUB_COMMAND, OPT_SUB_COMMAND_GROUP):
                    if (
                        err := check_options(opt.get("options") or [], f"{where} {opt['name']}")
                    ) is not None:
                        return err
                    continue
                if opt.get("required") and seen_optional:
                    return f"{where}: required option {opt['name']!r} after an optional one"
                seen_optional |= not opt.get("required")
            return None

        return check_options(cmd.get("options") or [], name)

    def _store_command(self, scope: int | None, cmd: JSON) -> JSON:
        ctype = cmd.get("type", 1)
        key = (scope, cmd["name"], ctype)
        cid = self._command_ids.setdefault(key, self._snowflake())
        stored: JSON = {
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            "description": "",
            "options": [],
            **cmd,
            "id": str(cid),
            "application_id": str(self.application_id),
            "type": ctype,
            "version": str(self._snowflake()),
        }
        if scope is not None:
            stored["guild_id"] = str(scope)
        else:
            stored.setdefault("dm_permission", True)
        return stored

    async def _get_commands(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        guild_id: str | None = None,
    ) -> web.Response:
        scope = self._command_scope(app_id, guild_id)
        return scope if isinstance(scope, web.Response) else _json(self.commands(scope))

    async def _put_commands(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        guild_id: str | None = None,
    ) -> web.Response:
        scope = self._command_scope(app_id, guild_id)
        if isinstance(scope, web.Response):
            return scope
        if not isinstance(payload, list) or len(payload) > 100:
            return _error(400, "Invalid Form Body", 50035)
        for cmd in payload:
            if (problem := self._validate_command(cmd)) is not None:
                return _error(
                    400, "Invalid Form Body", 50035, errors={"_errors": [{"message": problem}]}
                )
        keys = [(c["name"], c.get("type", 1)) for c in payload]
        if len(set(keys)) != len(keys):
            return _error(
                400,
                "Invalid Form Body",
                50035,
                errors={"_errors": [{"code": "APPLICATION_COMMANDS_DUPLICATE_NAME"}]},
            )
        self._commands[scope] = [self._store_command(scope, c) for c in payload]
        return _json(self._commands[scope])

    async def _post_command(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        guild_id: str | None = None,
    ) -> web.Response:
        scope = self._command_scope(app_id, guild_id)
        if isinstance(scope, web.Response):
            return scope
        if (problem := self._validate_command(payload)) is not None:
            return _error(
                400, "Invalid Form Body", 50035, errors={"_errors": [{"message": problem}]}
            )
        stored = self._store_command(scope, payload)
        existing = self._commands.setdefault(scope, [])
        replaced = [i for i, c in enumerate(existing) if c["id"] == stored["id"]]
        if replaced:
            existing[replaced[0]] = stored
        else:
            existing.append(stored)
        return _json(stored, status=200 if replaced else 201)

    def _command_by_id(self, scope: int | None, command_id: str) -> JSON | None:
        return next((c for c in self._commands.get(scope, []) if c["id"] == command_id), None)

    async def _get_command(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        command_id: str,
        guild_id: str | None = None,
    ) -> web.Response:
        scope = self._command_scope(app_id, guild_id)
        if isinstance(scope, web.Response):
            return scope
        cmd = self._command_by_id(scope, command_id)
        return _json(cmd) if cmd else _error(404, "Unknown application command", 10063)

    async def _patch_command(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        command_id: str,
        guild_id: str | None = None,
    ) -> web.Response:
        scope = self._command_scope(app_id, guild_id)
        if isinstance(scope, web.Response):
            return scope
        cmd = self._command_by_id(scope, command_id)
        if cmd is None:
            return _error(404, "Unknown application command", 10063)
        cmd.update(payload or {})
        return _json(cmd)

    async def _delete_command(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        command_id: str,
        guild_id: str | None = None,
    ) -> web.Response:
        scope = self._command_scope(app_id, guild_id)
        if isinstance(scope, web.Response):
            return scope
        cmd = self._command_by_id(scope, command_id)
        if cmd is None:
            return _error(404, "Unknown application command", 10063)
        self._commands[scope].remove(cmd)
        return _no_content()

    # --- interactions and their webhooks

    async def _interaction_callback(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        interaction_id: str,
        token: str,
    ) -> web.Response:
        iid = int(interaction_id)
        interaction = self.interactions.get(iid)
        if interaction is None or interaction["token"] != token:
            return _error(404, "Unknown interaction", 10062)
        if iid in self.callbacks:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        if not isinstance(payload, dict) or "type" not in payload:
            return _error(400, "Invalid Form Body", 50035)
        invalid = self._refuse(
            request.path,
            modal_errors(payload.get("data"))
            if payload["type"] == 9
            else message_errors(payload.get("data")),
            nest="data",
        )
        if invalid is not None:
            return invalid
        self.callbacks[iid] = payload
        self.callback_at[iid] = time.monotonic()
        cb_type, data = payload["type"], payload.get("data") or {}
        channel_id = int(interaction["channel_id"])
        msg: JSON | None = None
        if cb_type == 4:
            kind = (
                {1: 20, 2: 23, 3: 23}.get(interaction["data"].get("type", 1), 0)
                if interaction["type"] == 2
                else 0
            )
            msg = self._store_message(
                channel_id, data, files, msg_type=kind, interaction=interaction
            )
            self._originals[token] = int(msg["id"])
        elif cb_type == 5:
            kind = 20 if interaction["type"] == 2 else 0
            flags = (int(data.get("flags") or 0) & EPHEMERAL) | LOADING
            msg = self._store_message(
                channel_id, {}, [], msg_type=kind, interaction=interaction, flags=flags
            )
            self._originals[token] = int(msg["id"])
        elif cb_type in (6, 7) and "message" in interaction:
            source = self.messages.setdefault(
                int(interaction["message"]["id"]), interaction["message"]
            )
            self._originals[token] = int(source["id"])
            if cb_type == 7:
                self._edit_message(source, data, files)
                msg = source
        if msg is not None and cb_type in (4, 7):
            await self._echo_message("MESSAGE_CREATE" if cb_type == 4 else "MESSAGE_UPDATE", msg)
        if request.query.get("with_response", "").lower() not in ("1", "true"):
            return _no_content()
        info: JSON = {"id": str(iid), "type": interaction["type"]}
        response: JSON = {"interaction": info}
        if msg is not None:
            info.update(
                response_message_id=msg["id"],
                response_message_loading=bool(msg["flags"] & LOADING),
                response_message_ephemeral=bool(msg["flags"] & EPHEMERAL),
            )
            response["resource"] = {"type": cb_type, "message": msg}
        return _json(response)

    def _refuse(self, path: str, errors: JSON | None, nest: str = "") -> web.Response | None:
        """Discord's 400 for a body over its limits (kept in :attr:`refused`); None if valid."""
        if errors is None:
            return None
        errors = {nest: errors} if nest else errors
        self.refused.append((path, errors))
        self._notify()
        return _invalid_form_body(errors)

    def _webhook_token_ok(self, app_id: str, token: str) -> bool:
        return int(app_id) == self.application_id and token in self._tokens

    def _webhook_message(self, token: str, message_id: str) -> JSON | None:
        mid = self._originals.get(token) if message_id == "@original" else int(message_id)
        return self.messages.get(mid) if mid is not None else None

    async def _post_followup(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        token: str,
    ) -> web.Response:
        if not self._webhook_token_ok(app_id, token):
            return _error(404, "Unknown Webhook", 10015)
        invalid = self._refuse(request.path, message_errors(payload))
        if invalid is not None:
            return invalid
        iid = self._tokens[token]
        interaction = self.interactions[iid]
        self.followup_at.setdefault(iid, []).append(time.monotonic())
        original = self._webhook_message(token, "@original")
        if original is not None and original["flags"] & LOADING:
            # Like Discord: the first follow-up after a deferral (type 5) completes the loading
            # message instead of creating one, and the deferral fixed its ephemerality.
            body = dict(payload or {})
            body["flags"] = int(body.get("flags") or 0) & ~EPHEMERAL
            self._edit_message(original, body, files)
            msg = original
            await self._echo_message("MESSAGE_UPDATE", msg)
        else:
            msg = self._store_message(
                int(interaction["channel_id"]), payload or {}, files, interaction=interaction
            )
            await self._echo_message("MESSAGE_CREATE", msg)
        return (
            _json(msg) if request.query.get("wait", "").lower() in ("1", "true") else _no_content()
        )

    async def _get_webhook_message(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        token: str,
        message_id: str,
    ) -> web.Response:
        if not self._webhook_token_ok(app_id, token):
            return _error(404, "Unknown Webhook", 10015)
        msg = self._webhook_message(token, message_id)
        return _json(msg) if msg else _error(404, "Unknown Message", 10008)

    async def _patch_webhook_message(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        token: str,
        message_id: str,
    ) -> web.Response:
        if not self._webhook_token_ok(app_id, token):
            return _error(404, "Unknown Webhook", 10015)
        msg = self._webhook_message(token, message_id)
        if msg is None:
            return _error(404, "Unknown Message", 10008)
        invalid = self._refuse(request.path, message_errors(payload))
        if invalid is not None:
            return invalid
        self._edit_message(msg, payload or {}, files)
        await self._echo_message("MESSAGE_UPDATE", msg)
        return _json(msg)

    async def _delete_webhook_message(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        app_id: str,
        token: str,
        message_id: str,
    ) -> web.Response:
        if not self._webhook_token_ok(app_id, token):
            return _error(404, "Unknown Webhook", 10015)
        msg = self._webhook_message(token, message_id)
        if msg is None:
            return _error(404, "Unknown Message", 10008)
        del self.messages[int(msg["id"])]
        await self._echo_delete(msg)
        return _no_content()

    # --- channels, messages, guilds

    def _channel_json(self, channel_id: int) -> JSON | None:
        guild, channel = self._find_channel(channel_id)
        if guild is not None and channel is not None:
            return channel.to_payload(guild.id)
        user = self._dm_user(channel_id)
        return self._dm_channel_payload(user) if user else None

    async def _get_channel(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], channel_id: str
    ) -> web.Response:
        channel = self._channel_json(int(channel_id))
        return _json(channel) if channel else _error(404, "Unknown Channel", 10003)

    async def _post_message(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], channel_id: str
    ) -> web.Response:
        if self._channel_json(int(channel_id)) is None:
            return _error(404, "Unknown Channel", 10003)
        payload = payload or {}
        if not (
            payload.get("content")
            or payload.get("embeds")
            or payload.get("components")
            or files
            or payload.get("sticker_ids")
            or payload.get("poll")
        ):
            return _error(400, "Cannot send an empty message", 50006)
        invalid = self._refuse(request.path, message_errors(payload))
        if invalid is not None:
            return invalid
        msg = self._store_message(int(channel_id), payload, files)
        await self._echo_message("MESSAGE_CREATE", msg)
        return _json(msg)

    def _channel_message(self, channel_id: str, message_id: str) -> JSON | None:
        msg = self.messages.get(int(message_id))
        return msg if msg is not None and msg["channel_id"] == channel_id else None

    async def _get_message(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        channel_id: str,
        message_id: str,
    ) -> web.Response:
        msg = self._channel_message(channel_id, message_id)
        return _json(msg) if msg else _error(404, "Unknown Message", 10008)

    async def _patch_message(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        channel_id: str,
        message_id: str,
    ) -> web.Response:
        msg = self._channel_message(channel_id, message_id)
        if msg is None:
            return _error(404, "Unknown Message", 10008)
        if msg["author"]["id"] != str(self.bot_user.id) and set(payload or {}) - {"flags"}:
            return _error(403, "Cannot edit a message authored by another user", 50005)
        invalid = self._refuse(request.path, message_errors(payload))
        if invalid is not None:
            return invalid
        self._edit_message(msg, payload or {}, files)
        await self._echo_message("MESSAGE_UPDATE", msg)
        return _json(msg)

    async def _delete_message(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        channel_id: str,
        message_id: str,
    ) -> web.Response:
        msg = self._channel_message(channel_id, message_id)
        if msg is None:
            return _error(404, "Unknown Message", 10008)
        del self.messages[int(message_id)]
        await self._echo_delete(msg)
        return _no_content()

    async def _no_content_handler(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], **params: str
    ) -> web.Response:
        if "channel_id" in params and self._channel_json(int(params["channel_id"])) is None:
            return _error(404, "Unknown Channel", 10003)
        return _no_content()

    def _guild_or_none(self, guild_id: str) -> FakeGuild | None:
        return next((g for g in self.guilds if g.id == int(guild_id)), None)

    async def _get_guild(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], guild_id: str
    ) -> web.Response:
        guild = self._guild_or_none(guild_id)
        if guild is None:
            return _error(404, "Unknown Guild", 10004)
        data = self._guild_create_payload(guild, 0)
        for key in (
            "joined_at",
            "large",
            "unavailable",
            "lazy",
            "member_count",
            "members",
            "channels",
            "threads",
            "voice_states",
            "presences",
            "stage_instances",
            "guild_scheduled_events",
            "embedded_activities",
            "activity_instances",
        ):
            data.pop(key)
        return _json(data)

    async def _get_guild_channels(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], guild_id: str
    ) -> web.Response:
        guild = self._guild_or_none(guild_id)
        return (
            _json([c.to_payload(guild.id) for c in guild.channels])
            if guild
            else _error(404, "Unknown Guild", 10004)
        )

    async def _get_guild_roles(
        self, request: web.Request, payload: Any, files: list[FakeAttachment], guild_id: str
    ) -> web.Response:
        guild = self._guild_or_none(guild_id)
        return (
            _json([r.to_payload() for r in guild.roles])
            if guild
            else _error(404, "Unknown Guild", 10004)
        )

    async def _get_member(
        self,
        request: web.Request,
        payload: Any,
        files: list[FakeAttachment],
        guild_id: str,
        user_id: str,
    ) -> web.Response:
        guild = self._guild_or_none(guild_id)
        if guild is None:
            return _error(404, "Unknown Guild", 10004)
        member = guild.member(int(user_id))
        return _json(member.to_payload()) if member else _error(404, "Unknown Member", 10007)
