"""The web dashboard's aiohttp application (SPEC §10): a fourth front door.

It renders server-side templates (Jinja2 through aiohttp-jinja2) from what the dashboard
services return, and never touches the database itself. Pages are served with a strict
Content-Security-Policy (everything from mlpath itself, no inline script or style), no
referrer (a sign-in link never leaks), and private pages are never cached."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.commands.runner import new_error_id
from bot.domain.errors import BadInput, Forbidden, NotFound, UserError
from bot.services.dashboard_auth import SignedOut
from bot.services.registry import Services
from bot.web import pages
from bot.web.session import COOKIE, SERVICES, forget

log = logging.getLogger("mlpath.web")
HERE = Path(__file__).parent
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
STATUS = {Forbidden: 403, NotFound: 404, BadInput: 400}


def _status_of(error: UserError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)


@web.middleware
async def errors_and_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """User mistakes become a page with one clear line; anything else an error id, logged."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if exc.status != 404:
            raise
        response = pages.message(request, "Not found", "There is no such page.", 404)
    except SignedOut:
        response = pages.message(
            request,
            "Signed out",
            "You are signed out. Ask the bot for a new link: /me dashboard (members) or "
            "/admin dashboard (organisers).",
            401,
        )
        forget(response)
    except UserError as exc:
        response = pages.message(request, "Not possible", exc.message, _status_of(exc))
    except Exception:
        error_id = new_error_id()
        log.exception("dashboard page failed [%s] %s", error_id, request.path)
        response = pages.message(
            request,
            "Something went wrong",
            f"Something went wrong on our side (error id {error_id}). Please try again.",
            500,
        )
    response.headers.update(SECURITY_HEADERS)
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def web_application(services: Services, *, secure: bool) -> web.Application:
    """The dashboard's application; ``secure``: cookies only over https."""
    app = web.Application(middlewares=[errors_and_headers])
    app[SERVICES] = services
    app[COOKIE] = secure
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    pages.add_routes(app.router)
    app.router.add_static("/static/", HERE / "static", name="static")
    return app
