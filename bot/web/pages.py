"""The dashboard's pages: sign-in, the organiser view (five sections), the member view, the
public page, their CSV downloads and the two actions (nudge, disable). Each page asks the
dashboard services for ``Table``s; its CSV download is the same table, so they always match."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, cast

import aiohttp_jinja2
from aiohttp import web

from bot.domain.errors import BadInput, NotFound
from bot.services.audit_log import AuditKind
from bot.services.dashboard_auth import SignedOut, Viewer, require_community
from bot.services.dashboard_tables import Table
from bot.web.session import community_id, forget, remember, services_of, viewer_of

SECTIONS = {
    "overview": "Overview",
    "members": "Members at risk",
    "quiz": "Quiz",
    "projects": "Projects",
    "audit": "Audit log",
}
AUDIT_KINDS = ("all", "actions", "refused")


def message(request: web.Request, title: str, text: str, status: int) -> web.Response:
    return aiohttp_jinja2.render_template(
        "message.html",
        request,
        {"title": title, "text": text, "viewer": None, "notice": None, "cid": 0},
        status=status,
    )


def _render(request: web.Request, template: str, context: dict[str, Any]) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, context)


async def index(request: web.Request) -> web.StreamResponse:
    try:
        viewer = await viewer_of(request)
    except SignedOut:
        return message(
            request,
            "mlpath dashboard",
            "Sign in with the link the bot sends you: /me dashboard (members) or "
            "/admin dashboard (organisers).",
            200,
        )
    raise web.HTTPSeeOther(_home(viewer))


def _home(viewer: Viewer) -> str:
    view = "organiser/overview" if viewer.moderator else "me"
    return f"/c/{viewer.community_id}/{view}"


async def sign_in(request: web.Request) -> web.StreamResponse:
    auth = services_of(request).dashboard_auth
    signed_in = await auth.sign_in(community_id(request), request.match_info["token"])
    view = "organiser/overview" if signed_in.moderator else "me"
    response = web.Response(status=303, headers={"Location": f"/c/{signed_in.community_id}/{view}"})
    remember(request, response, signed_in.cookie)
    return response


async def sign_out(request: web.Request) -> web.StreamResponse:
    viewer = await viewer_of(request)
    form = await request.post()
    services_of(request).dashboard_auth.check_csrf(viewer, _field(form, "csrf"))
    await services_of(request).dashboard_auth.sign_out(viewer)
    response = message(request, "Signed out", "You are signed out of the dashboard.", 200)
    forget(response)
    return response


# --- the organiser view --------------------------------------------------------------------


async def _organiser(request: web.Request, viewer: Viewer, section: str) -> dict[str, Any]:
    """The section's context: its tables, and whatever else its template draws."""
    dashboard = services_of(request).dashboard
    context: dict[str, Any] = {"section": section, "sections": SECTIONS}
    if section == "overview":
        overview = await dashboard.overview(viewer)
        context.update(overview=overview, tables=overview.tables)
    elif section == "members":
        context["tables"] = [await dashboard.at_risk(viewer)]
    elif section == "quiz":
        context["tables"] = await dashboard.quiz(viewer)
    elif section == "projects":
        context["tables"] = await dashboard.projects(viewer)
    elif section == "audit":
        kind, page = _audit_query(request)
        table, pages = await dashboard.audit_log(viewer, kind, page)
        context.update(tables=[table], kind=kind, page=page, pages=pages, kinds=AUDIT_KINDS)
    else:
        raise NotFound("There is no such page.")
    return context


def _audit_query(request: web.Request) -> tuple[AuditKind, int]:
    kind = request.query.get("kind", "all")
    if kind not in AUDIT_KINDS:
        raise BadInput(f"kind must be one of: {', '.join(AUDIT_KINDS)}.")
    try:
        page = int(request.query.get("page", "1"))
    except ValueError:
        raise BadInput("page must be a number.") from None
    if not 1 <= page <= 1000:
        raise BadInput("page must be between 1 and 1000.")
    return cast(AuditKind, kind), page


async def _signed_in(request: web.Request) -> tuple[Viewer, int]:
    viewer = await viewer_of(request)
    cid = community_id(request)
    require_community(viewer, cid)
    return viewer, cid


async def organiser(request: web.Request) -> web.StreamResponse:
    viewer, cid = await _signed_in(request)
    section = request.match_info.get("section", "overview")
    context = await _organiser(request, viewer, section)
    return _render(request, f"organiser_{section}.html", _base(viewer, cid, context))


def _base(viewer: Viewer | None, cid: int, context: dict[str, Any]) -> dict[str, Any]:
    return {"viewer": viewer, "cid": cid, "notice": None, **context}


async def organiser_csv(request: web.Request) -> web.StreamResponse:
    viewer, _ = await _signed_in(request)
    context = await _organiser(request, viewer, request.match_info["section"])
    return _csv(context["tables"], request.match_info["table"])


async def nudge(request: web.Request) -> web.StreamResponse:
    viewer, cid = await _signed_in(request)
    form = await request.post()
    services_of(request).dashboard_auth.check_csrf(viewer, _field(form, "csrf"))
    member = _field(form, "member") or ""
    if not member.isdigit():
        raise BadInput("Choose a member to nudge.")
    notice = await services_of(request).dashboard.nudge(viewer, int(member))
    context = await _organiser(request, viewer, "members")
    return _render(
        request, "organiser_members.html", {**_base(viewer, cid, context), "notice": notice}
    )


async def disable(request: web.Request) -> web.StreamResponse:
    viewer, cid = await _signed_in(request)
    form = await request.post()
    services_of(request).dashboard_auth.check_csrf(viewer, _field(form, "csrf"))
    question = (_field(form, "question") or "")[:60]
    notice = await services_of(request).dashboard.disable(viewer, question)
    context = await _organiser(request, viewer, "quiz")
    return _render(
        request, "organiser_quiz.html", {**_base(viewer, cid, context), "notice": notice}
    )


# --- the member view and the public page ----------------------------------------------------


async def member(request: web.Request) -> web.StreamResponse:
    viewer, cid = await _signed_in(request)
    view = await services_of(request).member_dashboard.member(viewer, cid)
    return _render(
        request, "member.html", _base(viewer, cid, {"view": view, "tables": view.tables})
    )


async def member_csv(request: web.Request) -> web.StreamResponse:
    viewer, cid = await _signed_in(request)
    view = await services_of(request).member_dashboard.member(viewer, cid)
    return _csv(view.tables, request.match_info["table"])


async def public(request: web.Request) -> web.StreamResponse:
    cid = community_id(request)
    view = await services_of(request).member_dashboard.public(cid)
    tables = [*view.boards, view.shipped]
    return _render(request, "public.html", _base(None, cid, {"view": view, "tables": tables}))


async def public_csv(request: web.Request) -> web.StreamResponse:
    view = await services_of(request).member_dashboard.public(community_id(request))
    return _csv([*view.boards, view.shipped], request.match_info["table"])


# --- helpers ---------------------------------------------------------------------------------


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue()


def _csv(tables: Sequence[Table], name: str) -> web.Response:
    table = next((t for t in tables if t.name == name), None)
    if table is None:
        raise NotFound("There is no such table.")
    return web.Response(
        text=csv_text(table),
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="mlpath-{table.name}.csv"'},
    )


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/", index)
    router.add_get("/c/{cid}/signin/{token}", sign_in)
    router.add_post("/signout", sign_out)
    router.add_get("/c/{cid}/organiser", organiser)
    router.add_get("/c/{cid}/organiser/{section}", organiser)
    router.add_get("/c/{cid}/organiser/{section}/{table}.csv", organiser_csv)
    router.add_post("/c/{cid}/organiser/nudge", nudge)
    router.add_post("/c/{cid}/organiser/disable", disable)
    router.add_get("/c/{cid}/me", member)
    router.add_get("/c/{cid}/me/{table}.csv", member_csv)
    router.add_get("/c/{cid}/public", public)
    router.add_get("/c/{cid}/public/{table}.csv", public_csv)
