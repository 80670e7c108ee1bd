"""The dashboard's session cookie and who is looking."""

from __future__ import annotations

from aiohttp import web

from bot.services.dashboard_auth import SESSION_LIFE, Viewer
from bot.services.registry import Services

SESSION_COOKIE = "mlpath_session"
SERVICES = web.AppKey("services", Services)
COOKIE = web.AppKey("secure_cookie", bool)


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]


async def viewer_of(request: web.Request) -> Viewer:
    """The signed-in viewer; SignedOut (a page saying so) without a valid session."""
    return await services_of(request).dashboard_auth.viewer(request.cookies.get(SESSION_COOKIE))


def remember(request: web.Request, response: web.StreamResponse, cookie: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(SESSION_LIFE.total_seconds()),
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.app[COOKIE],
    )


def forget(response: web.StreamResponse) -> None:
    response.del_cookie(SESSION_COOKIE, path="/")


def community_id(request: web.Request) -> int:
    try:
        return int(request.match_info["cid"])
    except ValueError:
        raise web.HTTPNotFound() from None
