"""Local Slack test harness for end-to-end tests of a slack-bolt ``AsyncApp``.

Everything runs on 127.0.0.1; nothing talks to slack.com.

* :class:`FakeSlackAPI` -- an aiohttp fake of the Slack Web API (plus
  ``response_url`` and file-upload endpoints) that records every call.
* :class:`SlackRequestSigner` -- signs request bodies exactly as Slack does.
* Payload builders -- :func:`slash_command_body`, :func:`block_action_body`,
  :func:`view_submission_body`, :func:`event_body`,
  :func:`app_home_opened_event`, :func:`url_verification_body`.
* :class:`BoltHTTPServer` -- serves a real ``AsyncApp`` at ``POST /slack/events``
  through ``slack_bolt.adapter.aiohttp``, and :func:`post_signed` to call it.

Typical use::

    async with FakeSlackAPI() as fake:
        app = AsyncApp(signing_secret="s3cr3t", client=fake.client("xoxb-test"))
        ...  # register listeners
        async with BoltHTTPServer(app, signer=SlackRequestSigner("s3cr3t")) as server:
            status, _ = await server.post(slash_command_body(text="help"))
            call = await fake.wait_for("chat.postEphemeral")
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp
import slack_bolt
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

__all__ = [
    "DEFAULT_APP_ID",
    "DEFAULT_BOT_ID",
    "DEFAULT_BOT_USER_ID",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_RESPONSE_URL",
    "DEFAULT_TEAM_ID",
    "DEFAULT_USER_ID",
    "FORM_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "BoltHTTPServer",
    "FakeChannel",
    "FakeSlackAPI",
    "FakeUser",
    "RecordedCall",
    "RecordedResponse",
    "SlackRequestSigner",
    "app_home_opened_event",
    "block_action_body",
    "block_errors",
    "event_body",
    "post_signed",
    "slash_command_body",
    "url_verification_body",
    "view_submission_body",
]

# --------------------------------------------------------------------------
# Shared identifiers: the fake workspace and the payload builders agree on them.
# --------------------------------------------------------------------------

DEFAULT_TEAM_ID = "T0000TEST"
DEFAULT_TEAM_DOMAIN = "fake-workspace"
DEFAULT_APP_ID = "A0000APP"
DEFAULT_BOT_ID = "B0000BOT"
DEFAULT_BOT_USER_ID = "U0000BOT"
DEFAULT_USER_ID = "U0000USER"
DEFAULT_CHANNEL_ID = "C0000CHAN"
DEFAULT_VERIFICATION_TOKEN = "fake-verification-token"
#: Port 1 on loopback refuses connections at once; pass ``fake.response_url()``
#: to builders when the handler under test calls ``respond()``.
DEFAULT_RESPONSE_URL = "http://127.0.0.1:1/respond/unset"
DEFAULT_BOT_SCOPES = "chat:write,commands,users:read,channels:read,files:write,im:write"

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"

JSONDict = dict[str, Any]
ResponseSpec = JSONDict | Callable[[JSONDict], JSONDict]

_ids = itertools.count(1)


def _next_id(prefix: str) -> str:
    """Return a unique Slack-looking id such as ``V00000007``."""
    return f"{prefix}{next(_ids):08d}"


def _maybe_json(value: Any) -> Any:
    """Decode form-encoded JSON fields (``blocks``, ``view``, ``files``); pass others through."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# --------------------------------------------------------------------------
# Block Kit limits: a message or view over them is refused as Slack refuses it
# --------------------------------------------------------------------------

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
SECTION_TEXT_MAX = 3000
SECTION_FIELDS_MAX = 10
FIELD_TEXT_MAX = 2000
ACTIONS_ELEMENTS_MAX = 25
BUTTON_TEXT_MAX = 75
ACTION_ID_MAX = 255
HEADER_TEXT_MAX = 150
CONTEXT_ELEMENTS_MAX = 10
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage")
VIEW_METHODS = ("views.publish", "views.open", "views.update", "views.push")


def _length(text: Any) -> int:
    """Characters as Slack counts them at most: UTF-16 code units."""
    return len(str(text).encode("utf-16-le")) // 2


def block_errors(blocks: Any, max_blocks: int = MESSAGE_BLOCKS_MAX) -> list[str]:
    """Slack's ``errors`` for blocks over Block Kit's limits (``[]`` when valid), worded
    like Slack's: ``must be less than 3001 characters [json-pointer:/blocks/0/text/text]``."""
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        return ["must be an array [json-pointer:/blocks]"]
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(f"no more than {max_blocks} items allowed [json-pointer:/blocks]")

    def text_ok(obj: Any, limit: int, where: str) -> None:
        text = (obj or {}).get("text") if isinstance(obj, Mapping) else None
        if not isinstance(text, str) or not text:
            errors.append(f"must be more than 0 characters [json-pointer:{where}/text]")
        elif _length(text) > limit:
            errors.append(f"must be less than {limit + 1} characters [json-pointer:{where}/text]")

    for index, block in enumerate(blocks):
        where = f"/blocks/{index}"
        kind = block.get("type") if isinstance(block, Mapping) else None
        if kind == "section":
            fields = block.get("fields")
            if "text" not in block and not fields:
                errors.append(f"must define either text or fields [json-pointer:{where}]")
            if "text" in block:
                text_ok(block["text"], SECTION_TEXT_MAX, f"{where}/text")
            for n, field_ in enumerate(fields or []):
                text_ok(field_, FIELD_TEXT_MAX, f"{where}/fields/{n}")
            if fields and len(fields) > SECTION_FIELDS_MAX:
                errors.append(
                    f"must be less than {SECTION_FIELDS_MAX + 1} items"
                    f" [json-pointer:{where}/fields]"
                )
        elif kind == "actions":
            elements = block.get("elements") or []
            if len(elements) > ACTIONS_ELEMENTS_MAX:
                errors.append(
                    f"must be less than {ACTIONS_ELEMENTS_MAX + 1} items"
                    f" [json-pointer:{where}/elements]"
                )
            for n, element in enumerate(elements):
                if element.get("type") == "button":
                    text_ok(element.get("text"), BUTTON_TEXT_MAX, f"{where}/elements/{n}/text")
                if _length(element.get("action_id") or "") > ACTION_ID_MAX:
                    errors.append(
                        f"must be less than {ACTION_ID_MAX + 1} characters"
                        f" [json-pointer:{where}/elements/{n}/action_id]"
                    )
        elif kind == "header":
            text_ok(block.get("text"), HEADER_TEXT_MAX, f"{where}/text")
        elif kind == "context":
            if len(block.get("elements") or []) > CONTEXT_ELEMENTS_MAX:
                errors.append(
                    f"must be less than {CONTEXT_ELEMENTS_MAX + 1} items"
                    f" [json-pointer:{where}/elements]"
                )
        elif kind not in ("divider", "image", "input", "file", "rich_text", "video"):
            errors.append(f"unsupported type: {kind} [json-pointer:{where}/type]")
    return errors


# --------------------------------------------------------------------------
# Fake Web API
# --------------------------------------------------------------------------


class RecordedCall(NamedTuple):
    """One Web API call received by the fake: ``(method, params, headers)``."""

    method: str
    params: JSONDict
    headers: dict[str, str]

    @property
    def token(self) -> str | None:
        """The bearer token from ``Authorization`` (or a ``token`` param)."""
        for key, value in self.headers.items():
            if key.lower() == "authorization" and value.startswith("Bearer "):
                return value[len("Bearer ") :]
        token = self.params.get("token")
        return token if isinstance(token, str) else None


class RecordedResponse(NamedTuple):
    """One JSON message POSTed to a fake ``response_url``."""

    response_id: str
    body: JSONDict
    headers: dict[str, str]


@dataclass
class FakeUser:
    """A workspace member answered by ``users.info``."""

    id: str
    name: str = ""
    real_name: str = ""
    tz: str = "UTC"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    team_id: str = DEFAULT_TEAM_ID
    email: str | None = None

    def to_api(self) -> JSONDict:
        """Render as the ``user`` object of a ``users.info`` response."""
        name = self.name or self.id.lower()
        real_name = self.real_name or name
        try:
            now = datetime.now(ZoneInfo(self.tz))
        except (ZoneInfoNotFoundError, ValueError):
            now = datetime.now(UTC)
        utc_offset = now.utcoffset()
        offset = int(utc_offset.total_seconds()) if utc_offset else 0
        label = now.tzname() or self.tz
        profile: JSONDict = {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": name,
            "display_name_normalized": name,
            "team": self.team_id,
        }
        if self.email:
            profile["email"] = self.email
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": self.tz,
            "tz_label": label,
            "tz_offset": offset,
            "profile": profile,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_owner,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }


@dataclass
class FakeChannel:
    """A conversation answered by ``conversations.info``."""

    id: str
    name: str = ""
    is_private: bool = False
    is_im: bool = False
    is_member: bool = True
    user: str | None = None  # the other member of an IM

    def to_api(self) -> JSONDict:
        """Render as the ``channel`` object of a ``conversations.info`` response."""
        name = self.name or self.id.lower()
        if self.is_im:
            return {
                "id": self.id,
                "is_im": True,
                "user": self.user,
                "is_open": True,
                "created": 1700000000,
            }
        return {
            "id": self.id,
            "name": name,
            "name_normalized": name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": False,
            "is_general": False,
            "is_member": self.is_member,
            "created": 1700000000,
            "creator": DEFAULT_USER_ID,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    error: str


class FakeSlackAPI:
    """Fake Slack Web API on an ephemeral loopback port (async context manager).

    Routes: ``/api/{method}`` (GET or POST; query, form and JSON bodies are
    merged into ``params``), ``POST /respond/{id}`` (response_url target) and
    ``POST /upload/{file_id}`` (the ``upload_url`` of files.getUploadURLExternal).

    ``users.info`` knows the bot user, ``DEFAULT_USER_ID`` (tz UTC) and any
    ``users``/:meth:`add_user`; others get ``user_not_found``. Unknown channels
    are synthesised as public channels the bot is in. A call without a token
    gets ``not_authed``; with ``accepted_tokens`` set, other tokens get
    ``invalid_auth``.
    """

    def __init__(
        self,
        *,
        team_id: str = DEFAULT_TEAM_ID,
        team_name: str = "Fake Workspace",
        bot_user_id: str = DEFAULT_BOT_USER_ID,
        bot_id: str = DEFAULT_BOT_ID,
        app_id: str = DEFAULT_APP_ID,
        bot_scopes: str = DEFAULT_BOT_SCOPES,
        users: Iterable[FakeUser] = (),
        accepted_tokens: Collection[str] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.bot_scopes = bot_scopes
        self.accepted_tokens = accepted_tokens
        self.host = host
        self.url = ""
        """Root URL, e.g. ``http://127.0.0.1:PORT/`` (set by :meth:`start`)."""
        self.calls: list[RecordedCall] = []
        """Every Web API call, in arrival order (including failed ones)."""
        self.responses: list[RecordedResponse] = []
        """Every message POSTed to a :meth:`response_url`."""
        self.uploads: dict[str, bytes] = {}
        """Bytes POSTed to upload URLs, by file id."""
        self.refused: list[tuple[str, list[str]]] = []
        """(method or response id, errors) of messages and views refused as invalid_blocks."""

        self._users: dict[str, FakeUser] = {}
        self.add_user(DEFAULT_USER_ID, real_name="Test User")
        self.add_user(bot_user_id, name="mlpath", real_name="mlpath", is_bot=True)
        for user in users:
            self._users[user.id] = user
        self._channels: dict[str, FakeChannel] = {}
        self._failures: defaultdict[str, deque[_Failure]] = defaultdict(deque)
        self._overrides: dict[str, ResponseSpec] = {}
        self._delays: dict[str, float] = {}
        self._upload_names: dict[str, str] = {}
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        # OAuth (Slack for many workspaces): one-time codes, and the workspace of each token
        self._codes: dict[str, JSONDict] = {}
        self._token_teams: dict[str, tuple[str, str]] = {}
        self._revoked: set[str] = set()

    # -- lifecycle ---------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Web API base URL for ``AsyncWebClient(base_url=...)``; ends with ``/``."""
        return f"{self.url}api/"

    async def start(self) -> FakeSlackAPI:
        """Bind an ephemeral port and start serving."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/respond/{response_id}", self._handle_respond)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, 0).start()
        port = self._runner.addresses[0][1]
        self.url = f"http://{self.host}:{port}/"
        return self

    async def close(self) -> None:
        """Stop serving; safe to call twice."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlackAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- configuration -----------------------------------------------------

    def client(self, token: str = "xoxb-test", **kwargs: Any) -> AsyncWebClient:
        """An ``AsyncWebClient`` pointed at this fake."""
        return AsyncWebClient(token=token, base_url=self.base_url, **kwargs)

    def add_user(self, user_id: str, **attrs: Any) -> FakeUser:
        """Register (or replace) a member for ``users.info``; attrs are :class:`FakeUser` fields."""
        user = FakeUser(id=user_id, **attrs)
        self._users[user_id] = user
        return user

    def add_channel(self, channel_id: str, **attrs: Any) -> FakeChannel:
        """Register (or replace) a conversation; attrs are :class:`FakeChannel` fields."""
        channel = FakeChannel(id=channel_id, **attrs)
        self._channels[channel_id] = channel
        return channel

    def set_response(self, method: str, response: ResponseSpec | None) -> None:
        """Override ``method``'s body with a dict or ``fn(params) -> dict``; ``None`` resets."""
        if response is None:
            self._overrides.pop(method, None)
        else:
            self._overrides[method] = response

    def delay(self, method: str, seconds: float) -> None:
        """Answer every call to ``method`` after ``seconds`` (a slow Web API); 0 resets."""
        self._delays[method] = seconds

    def fail_next(
        self, method: str, status: int = 429, retry_after: int | None = 1, error: str | None = None
    ) -> None:
        """Answer the next call to ``method`` once with HTTP ``status`` (+ ``Retry-After``).

        Calls queue up: ``fail_next`` twice fails the next two calls.
        """
        default_error = "ratelimited" if status == 429 else "fatal_error"
        self._failures[method].append(_Failure(status, retry_after, error or default_error))

    def grant(
        self,
        code: str,
        *,
        team_id: str,
        bot_token: str,
        team_name: str = "Another Workspace",
        installer: str = DEFAULT_USER_ID,
    ) -> None:
        """Make ``code`` a one-time authorisation code that ``oauth.v2.access`` exchanges for
        ``bot_token`` in workspace ``team_id``; ``auth.test`` then answers for that team."""
        self._codes[code] = {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": installer},
            "scope": self.bot_scopes,
            "token_type": "bot",
            "access_token": bot_token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": team_id, "name": team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self._token_teams[bot_token] = (team_id, team_name)

    def revoke(self, token: str) -> None:
        """From now on calls with ``token`` get ``token_revoked`` (an uninstalled app)."""
        self._revoked.add(token)

    def response_url(self, response_id: str = "r1") -> str:
        """A ``response_url`` whose POSTs land in :attr:`responses`."""
        return f"{self.url}respond/{response_id}"

    def reset(self) -> None:
        """Forget recorded calls, responses, uploads and pending failures."""
        self.calls.clear()
        self.responses.clear()
        self.uploads.clear()
        self._failures.clear()

    # -- inspection --------------------------------------------------------

    def calls_to(self, method: str) -> list[RecordedCall]:
        """All recorded calls to ``method`` (e.g. ``"chat.postMessage"``), oldest first."""
        return [call for call in self.calls if call.method == method]

    # The timeout parameters below are the harness's API (ruff ASYNC109 prefers asyncio.timeout).
    async def wait_for(
        self,
        method: str,
        timeout: float = 5.0,
        *,
        count: int = 1,
    ) -> RecordedCall:
        """Wait until ``method`` has been called ``count`` times; return that call.

        Raises ``AssertionError`` (listing what was called) on timeout.
        """
        await self._wait(
            lambda: len(self.calls_to(method)) >= count, timeout, f"{count} x {method}"
        )
        return self.calls_to(method)[count - 1]

    async def wait_for_response(
        self,
        timeout: float = 5.0,
        *,
        count: int = 1,
    ) -> RecordedResponse:
        """Wait until ``count`` response_url posts arrived; return the ``count``-th."""
        await self._wait(
            lambda: len(self.responses) >= count, timeout, f"{count} response_url post(s)"
        )
        return self.responses[count - 1]

    async def wait_for_response_to(
        self, response_id: str, timeout: float = 5.0, *, count: int = 1
    ) -> RecordedResponse:
        """Wait until ``count`` posts reached ``response_url(response_id)``; the ``count``-th."""

        def mine() -> list[RecordedResponse]:
            return [r for r in self.responses if r.response_id == response_id]

        await self._wait(lambda: len(mine()) >= count, timeout, f"a response to {response_id}")
        return mine()[count - 1]

    async def _wait(self, ready: Callable[[], bool], seconds: float, what: str) -> None:
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(ready), seconds)
        except TimeoutError:
            seen = [call.method for call in self.calls]
            raise AssertionError(
                f"timed out after {seconds}s waiting for {what}; "
                f"calls: {seen}; responses: {len(self.responses)}"
            ) from None

    async def _record(self, entry: RecordedCall | RecordedResponse) -> None:
        async with self._changed:
            if isinstance(entry, RecordedCall):
                self.calls.append(entry)
            else:
                self.responses.append(entry)
            self._changed.notify_all()

    # -- HTTP handlers -----------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: JSONDict = dict(request.query)
        if request.can_read_body:
            if request.content_type == JSON_CONTENT_TYPE:
                payload = await request.json()
                if isinstance(payload, dict):
                    params.update(payload)
            else:
                form = await request.post()
                for key, value in form.items():
                    params[key] = value.file.read() if isinstance(value, web.FileField) else value
        call = RecordedCall(method, params, dict(request.headers))
        await self._record(call)
        if self._delays.get(method):
            await asyncio.sleep(self._delays[method])

        extra_headers = {"X-OAuth-Scopes": self.bot_scopes}
        if self._failures[method]:
            failure = self._failures[method].popleft()
            if failure.retry_after is not None:
                extra_headers["Retry-After"] = str(failure.retry_after)
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=extra_headers
            )

        auth_error = self._auth_error(call)
        if auth_error:
            return web.json_response({"ok": False, "error": auth_error}, headers=extra_headers)

        invalid = self._invalid_blocks(method, params)
        if invalid:
            body = {
                "ok": False,
                "error": "invalid_blocks",
                "errors": invalid,
                "response_metadata": {"messages": [f"[ERROR] {e}" for e in invalid]},
            }
            return web.json_response(body, headers=extra_headers)

        override = self._overrides.get(method)
        if override is None:
            answer = self._default_response(method, params, call.token)
        else:
            answer = override(params) if callable(override) else override
        return web.json_response(answer, headers=extra_headers)

    async def _handle_respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        invalid = block_errors(body.get("blocks")) if isinstance(body, dict) else []
        if invalid:  # a response_url answers a bad message with 400 and a bare error
            self.refused.append((request.match_info["response_id"], invalid))
            return web.Response(status=400, text="invalid_blocks", content_type="text/plain")
        await self._record(
            RecordedResponse(request.match_info["response_id"], body, dict(request.headers))
        )
        return web.Response(text="ok", content_type="text/plain")

    async def _handle_upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["file_id"]] = data
        return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

    def _invalid_blocks(self, method: str, params: JSONDict) -> list[str]:
        if method in MESSAGE_METHODS:
            errors = block_errors(_maybe_json(params.get("blocks")))
        elif method in VIEW_METHODS:
            view = _maybe_json(params.get("view")) or {}
            errors = block_errors(view.get("blocks"), VIEW_BLOCKS_MAX)
        else:
            return []
        if errors:
            self.refused.append((method, errors))
        return errors

    # -- canned responses --------------------------------------------------

    def _auth_error(self, call: RecordedCall) -> str | None:
        has_basic = any(
            k.lower() == "authorization" and v.startswith("Basic ") for k, v in call.headers.items()
        )
        if has_basic:  # oauth.v2.access & co. authenticate with client credentials
            return None
        token = call.token
        if not token:
            return "not_authed"
        if token in self._revoked:
            return "token_revoked"
        if token in self._token_teams:
            return None
        if self.accepted_tokens is not None and token not in self.accepted_tokens:
            return "invalid_auth"
        return None

    def _new_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _message(self, params: JSONDict, ts: str) -> JSONDict:
        message: JSONDict = {
            "type": "message",
            "text": params.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in params:
                message[key] = _maybe_json(params[key])
        return message

    def _view(self, params: JSONDict) -> JSONDict:
        view = _maybe_json(params.get("view")) or {}
        view_id = params.get("view_id") or _next_id("V")
        state = json.dumps(view, sort_keys=True).encode()
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type", "modal"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": hashlib.sha1(state).hexdigest()[:20],
            "title": view.get("title"),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
        }

    def _default_response(
        self, method: str, params: JSONDict, token: str | None = None
    ) -> JSONDict:
        if method == "oauth.v2.access":
            answer = self._codes.pop(str(params.get("code")), None)
            return answer or {"ok": False, "error": "invalid_code"}
        if method == "auth.test":
            team_id, team_name = self._token_teams.get(token or "", (self.team_id, self.team_name))
            return {
                "ok": True,
                "url": f"https://{DEFAULT_TEAM_DOMAIN}.slack.com/",
                "team": team_name,
                "user": "mlpath",
                "team_id": team_id,
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._new_ts()
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": ts,
                "message": self._message(params, ts),
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._new_ts()}
        if method == "chat.update":
            ts = params.get("ts") or self._new_ts()
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": ts,
                "text": params.get("text", ""),
                "message": self._message(params, ts),
            }
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            return {"ok": True, "view": self._view(params)}
        if method == "users.info":
            user = self._users.get(str(params.get("user")))
            return (
                {"ok": True, "user": user.to_api()}
                if user
                else {"ok": False, "error": "user_not_found"}
            )
        if method == "conversations.info":
            channel_id = str(params.get("channel"))
            channel = self._channels.get(channel_id) or FakeChannel(id=channel_id)
            return {"ok": True, "channel": channel.to_api()}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            if not users or any(u not in self._users for u in users.split(",")):
                return {"ok": False, "error": "user_not_found"}
            if "," in users:  # a group DM (mpim) of the app and these users
                group = "G" + "".join(u[1:] for u in sorted(users.split(",")))
                return {"ok": True, "channel": {"id": group, "is_mpim": True}}
            return {"ok": True, "channel": {"id": "D" + users[1:], "is_im": True}}
        if method == "files.getUploadURLExternal":
            file_id = _next_id("F")
            self._upload_names[file_id] = str(params.get("filename", ""))
            return {"ok": True, "upload_url": f"{self.url}upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = _maybe_json(params.get("files")) or []
            return {"ok": True, "files": [self._file_info(f) for f in files]}
        return {"ok": True}

    def _file_info(self, item: Mapping[str, Any]) -> JSONDict:
        file_id = str(item.get("id"))
        name = self._upload_names.get(file_id, "")
        return {
            "id": file_id,
            "name": name,
            "title": item.get("title") or name,
            "size": len(self.uploads.get(file_id, b"")),
            "user": self.bot_user_id,
            "permalink": f"https://{DEFAULT_TEAM_DOMAIN}.slack.com/files/{self.bot_user_id}/{file_id}/{name}",
        }


# --------------------------------------------------------------------------
# Request signing and payload builders
# --------------------------------------------------------------------------


class SlackRequestSigner:
    """Produce Slack's ``v0`` request-signing headers for a body."""

    def __init__(self, signing_secret: str) -> None:
        self.signing_secret = signing_secret
        self._verifier = SignatureVerifier(signing_secret)

    def signature(self, body: str, timestamp: int | str) -> str:
        """``v0=<hex hmac-sha256>`` of ``v0:{timestamp}:{body}``."""
        signature = self._verifier.generate_signature(timestamp=str(timestamp), body=body)
        assert signature is not None
        return signature

    def headers(
        self,
        body: str,
        *,
        timestamp: int | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> dict[str, str]:
        """Signature headers; ``timestamp`` defaults to now (pass an old one for stale tests).

        ``retry_num`` adds ``X-Slack-Retry-Num``/``X-Slack-Retry-Reason`` like a Slack redelivery.
        """
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": self.signature(body, ts),
        }
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason
        return headers


def _form_payload(payload: JSONDict) -> str:
    """Interactivity requests: a single ``payload`` form field holding JSON."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


def _user(user_id: str, team_id: str) -> JSONDict:
    name = user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def slash_command_body(
    command: str = "/mlpath",
    text: str = "",
    *,
    user_id: str = DEFAULT_USER_ID,
    user_name: str | None = None,
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    channel_id: str = DEFAULT_CHANNEL_ID,
    channel_name: str = "general",
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: str = "1000000000.1000000000.abcdef0123456789",
    api_app_id: str = DEFAULT_APP_ID,
    enterprise_id: str | None = None,
) -> str:
    """A slash-command request body, form-encoded in Slack's field order."""
    fields: list[tuple[str, str]] = [
        ("token", DEFAULT_VERIFICATION_TOKEN),
        ("team_id", team_id),
        ("team_domain", team_domain),
    ]
    if enterprise_id is not None:
        fields += [("enterprise_id", enterprise_id), ("enterprise_name", "Fake Enterprise")]
    fields += [
        ("channel_id", channel_id),
        ("channel_name", channel_name),
        ("user_id", user_id),
        ("user_name", user_name or user_id.lower()),
        ("command", command),
        ("text", text),
        ("api_app_id", api_app_id),
        ("is_enterprise_install", "false"),
        ("response_url", response_url),
        ("trigger_id", trigger_id),
    ]
    return urlencode(fields)


def block_action_body(
    action_id: str,
    value: str = "",
    *,
    user_id: str = DEFAULT_USER_ID,
    team_id: str = DEFAULT_TEAM_ID,
    channel_id: str = DEFAULT_CHANNEL_ID,
    response_url: str = DEFAULT_RESPONSE_URL,
    message: JSONDict | None = None,
    container: JSONDict | None = None,
    view: JSONDict | None = None,
    block_id: str = "actions",
    action_type: str = "button",
    state_values: JSONDict | None = None,
    trigger_id: str = "1000000000.1000000000.abcdef0123456789",
    api_app_id: str = DEFAULT_APP_ID,
    **overrides: Any,
) -> str:
    """A ``block_actions`` interaction (form field ``payload`` = JSON).

    By default the action comes from a bot message in ``channel_id``; pass
    ``view`` for an action in App Home or a modal (no channel/message then).
    ``overrides`` replace top-level payload keys.
    """
    action_ts = f"{time.time():.6f}"
    action: JSONDict = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": action_ts,
    }
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": value or action_id, "emoji": True}
        action["value"] = value
    elif action_type == "static_select":
        action["selected_option"] = {"text": {"type": "plain_text", "text": value}, "value": value}
    else:
        action["value"] = value
    payload: JSONDict = {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": DEFAULT_VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": DEFAULT_TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": state_values or {}},
        "actions": [action],
    }
    if view is not None:
        payload["view"] = view
        payload["container"] = container or {"type": "view", "view_id": view.get("id", "V0000VIEW")}
    else:
        message = message or {
            "type": "message",
            "user": DEFAULT_BOT_USER_ID,
            "bot_id": DEFAULT_BOT_ID,
            "text": "message with buttons",
            "ts": "1700000000.000100",
            "blocks": [],
        }
        payload["container"] = container or {
            "type": "message",
            "message_ts": message.get("ts"),
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel_id, "name": "general"}
        payload["message"] = message
        payload["response_url"] = response_url
    payload.update(overrides)
    return _form_payload(payload)


def view_submission_body(
    callback_id: str,
    values: JSONDict | None = None,
    *,
    user_id: str = DEFAULT_USER_ID,
    team_id: str = DEFAULT_TEAM_ID,
    private_metadata: str = "",
    view_id: str = "V0000VIEW",
    response_urls: list[JSONDict] | None = None,
    trigger_id: str = "1000000000.1000000000.abcdef0123456789",
    api_app_id: str = DEFAULT_APP_ID,
    **overrides: Any,
) -> str:
    """A ``view_submission`` interaction; ``values`` is ``view.state.values``.

    e.g. ``{"block": {"input": {"type": "plain_text_input", "value": "x"}}}``.
    """
    payload: JSONDict = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": DEFAULT_TEAM_DOMAIN},
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": DEFAULT_VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values or {}},
            "hash": "1700000000.abcdef",
            "title": {"type": "plain_text", "text": "Modal"},
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": api_app_id,
            "bot_id": DEFAULT_BOT_ID,
        },
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    payload.update(overrides)
    return _form_payload(payload)


def event_body(
    event: JSONDict,
    *,
    event_id: str | None = None,
    team_id: str = DEFAULT_TEAM_ID,
    api_app_id: str = DEFAULT_APP_ID,
    bot_user_id: str = DEFAULT_BOT_USER_ID,
    event_time: int | None = None,
) -> str:
    """An Events API ``event_callback`` envelope (JSON) around ``event``."""
    return json.dumps(
        {
            "token": DEFAULT_VERIFICATION_TOKEN,
            "team_id": team_id,
            "api_app_id": api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or _next_id("Ev"),
            "event_time": event_time or int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-fake-{team_id}",
        }
    )


def app_home_opened_event(
    user_id: str = DEFAULT_USER_ID, tab: str = "home", channel: str = "D0000HOME"
) -> JSONDict:
    """The inner ``event`` of ``app_home_opened`` (wrap it with :func:`event_body`)."""
    return {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel,
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }


def url_verification_body(challenge: str = "fake-challenge") -> str:
    """The Events API endpoint handshake (JSON)."""
    return json.dumps(
        {"token": DEFAULT_VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    )


# --------------------------------------------------------------------------
# Serving a real bolt app and calling it
# --------------------------------------------------------------------------


async def post_signed(
    server_url: str,
    body: str,
    content_type: str | None = None,
    signer: SlackRequestSigner | None = None,
    *,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
    headers: Mapping[str, str] | None = None,
) -> tuple[int, str]:
    """POST ``body`` like Slack would; return ``(status, text)``.

    ``content_type`` defaults to JSON for ``{...}`` bodies, else form-encoded.
    Without ``signer`` the request is unsigned. Extra ``headers`` win.
    """
    if content_type is None:
        content_type = JSON_CONTENT_TYPE if body.lstrip().startswith("{") else FORM_CONTENT_TYPE
    request_headers = {
        "Content-Type": content_type,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    }
    if signer is not None:
        request_headers.update(
            signer.headers(
                body, timestamp=timestamp, retry_num=retry_num, retry_reason=retry_reason
            )
        )
    request_headers.update(headers or {})
    async with (
        aiohttp.ClientSession() as session,
        session.post(server_url, data=body.encode(), headers=request_headers) as resp,
    ):
        return resp.status, await resp.text()


_BOLT_DIR = str(Path(slack_bolt.__file__).parent)


def _is_bolt_task(task: asyncio.Task[Any]) -> bool:
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and code.co_filename.startswith(_BOLT_DIR)


class BoltHTTPServer:
    """Serve a real ``AsyncApp`` on loopback at ``POST {path}`` (async context manager).

    Requests go through ``slack_bolt.adapter.aiohttp`` (or ``handler``, the
    application's own aiohttp handler in front of bolt) exactly as in
    production, so signature checks, ack timing and background listeners are
    real. On exit it waits (up to ``drain_timeout``) for bolt's background
    listener tasks, so no work is cut off mid-call.
    """

    def __init__(
        self,
        app: AsyncApp,
        *,
        signer: SlackRequestSigner | None = None,
        path: str = "/slack/events",
        host: str = "127.0.0.1",
        drain_timeout: float = 5.0,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]] | None = None,
    ) -> None:
        self.app = app
        self.handler = handler
        self.signer = signer
        self.path = path
        self.host = host
        self.drain_timeout = drain_timeout
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> BoltHTTPServer:
        """Bind an ephemeral port and start serving."""
        web_app = web.Application()
        web_app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, 0).start()
        self.url = f"http://{self.host}:{self._runner.addresses[0][1]}{self.path}"
        return self

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for bolt's pending listener tasks (acked handlers still running)."""
        pending = {t for t in asyncio.all_tasks() if not t.done() and _is_bolt_task(t)}
        if pending:
            await asyncio.wait(pending, timeout=self.drain_timeout if timeout is None else timeout)

    async def close(self) -> None:
        """Drain bolt tasks, then stop serving; safe to call twice."""
        if self._runner is not None:
            await self.drain()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BoltHTTPServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def post(
        self,
        body: str,
        content_type: str | None = None,
        *,
        signer: SlackRequestSigner | None = None,
        **kwargs: Any,
    ) -> tuple[int, str]:
        """:func:`post_signed` to this server with the default ``signer``."""
        return await post_signed(self.url, body, content_type, signer or self.signer, **kwargs)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if self.handler is not None:  # the application's own HTTP front (e.g. verify first)
            return await self.handler(request)
        bolt_request = await to_bolt_request(request)
        bolt_response = await self.app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)
