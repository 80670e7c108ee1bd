"""Slack over HTTP: the signature is checked on the raw bytes before anything is parsed.

bolt's own aiohttp server decodes and parses a request before its verification middleware
runs, so an unsigned body that is not UTF-8, or a ``payload=`` that is not JSON, ended in a
500 and a logged traceback. Here such a request never reaches bolt: a bad or missing
signature is 401, a signed body that cannot be read is 400, each one logged line.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

log = logging.getLogger("mlpath.slack")
EVENTS_PATH = "/slack/events"
MAX_AGE_SECONDS = 300  # Slack's replay window for a signed request


class SlackHTTP:
    """The aiohttp handler in front of a bolt app (bolt still verifies again, harmlessly)."""

    def __init__(self, bolt: AsyncApp, signing_secret: str) -> None:
        self._bolt = bolt
        self._secret = signing_secret.encode()

    def _signed(self, raw: bytes, timestamp: str | None, signature: str | None) -> bool:
        """Slack's v0 signature over the raw bytes, sent within the last five minutes
        (https://docs.slack.dev/authentication/verifying-requests-from-slack/). slack_sdk's
        verifier decodes the body first, which fails on bytes that are not UTF-8."""
        if not timestamp or not timestamp.isdigit() or not signature or not signature.isascii():
            return False
        if abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        headers = request.headers
        if not self._signed(
            raw, headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature")
        ):
            log.info("refused a request without a valid Slack signature (%d bytes)", len(raw))
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = AsyncBoltRequest(
                body=raw.decode("utf-8"),
                query=request.query_string,
                headers=dict(headers.items()),
            )
        except (ValueError, TypeError, AttributeError) as exc:  # not UTF-8, JSON or an object
            log.warning("refused a signed request that cannot be read: %s", type(exc).__name__)
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await self._bolt.async_dispatch(bolt_request))


class SlackOAuthHTTP:
    """bolt's OAuth flow over aiohttp: ``GET /slack/install`` hands the browser a one-time
    state (cookie and link) and ``GET /slack/oauth_redirect`` checks it before it exchanges
    the code. These come from a browser, not from Slack, so they carry no signature."""

    def __init__(self, bolt: AsyncApp) -> None:
        assert bolt.oauth_flow is not None
        self._flow = bolt.oauth_flow

    def _request(self, request: web.Request) -> AsyncBoltRequest:
        return AsyncBoltRequest(
            body="", query=request.query_string, headers=dict(request.headers.items())
        )

    async def install(self, request: web.Request) -> web.Response:
        return await to_aiohttp_response(
            await self._flow.handle_installation(self._request(request))
        )

    async def redirect(self, request: web.Request) -> web.Response:
        response = await self._flow.handle_callback(self._request(request))
        if response.status != 200:
            log.info("refused a Slack OAuth redirect (%d)", response.status)
        return await to_aiohttp_response(response)


def slack_web_app(bolt: AsyncApp, signing_secret: str, path: str = EVENTS_PATH) -> web.Application:
    """The aiohttp application ``mlpath run slack --http`` serves: ``POST path``, and in OAuth
    mode (many workspaces) the install and redirect pages."""
    app = web.Application()
    app.router.add_post(path, SlackHTTP(bolt, signing_secret).handle)
    if bolt.oauth_flow is not None:
        oauth = SlackOAuthHTTP(bolt)
        app.router.add_get(bolt.oauth_flow.install_path, oauth.install)
        app.router.add_get(bolt.oauth_flow.redirect_uri_path, oauth.redirect)
    return app
