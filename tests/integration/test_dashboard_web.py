"""The web dashboard's sign-in and security rules over HTTP (SPEC §10), on SQLite and Postgres:
one-use links for one member of one community, sessions, CSRF, revocation, who sees what."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import AuditEntry, OutboxMessage, WebLink, WebSession
from bot.web.app import web_application
from tests.helpers import console_actor
from tests.integration.dashboard_support import ANA, BEN, LINK, ask, link, tables_of

Client = TestClient[object, object]


@pytest.fixture
async def dash(db_url: str, clock: ManualClock, catalog: Catalog) -> AsyncIterator[App]:
    """The app, its dashboard links timed by the test's clock (expiry without waiting)."""
    built = build(Settings(database_url=db_url), clock=clock, catalog=catalog, wall_clock=clock)
    yield built
    await built.aclose()


@pytest.fixture
async def client(dash: App) -> AsyncIterator[Client]:
    server = TestServer(web_application(dash.services, secure=False))
    async with TestClient(server) as test_client:
        yield test_client


async def sign_in(client: Client, path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    assert response.status == 303, await response.text()


async def csrf_of(client: Client, path: str) -> str:
    html = await (await client.get(path)).text()
    marker = 'name="csrf" value="'
    return html.split(marker, 1)[1].split('"', 1)[0]


async def test_a_moderators_link_opens_the_organiser_view_once(dash: App, client: Client) -> None:
    path = await link(dash, ANA)
    response = await client.get(path, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].endswith("/organiser/overview")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=604800" in cookie
    assert "Secure" not in cookie  # plain http (tests); under https it is Secure
    page = await client.get(response.headers["Location"])
    assert page.status == 200
    html = await page.text()
    assert "Organiser view" in html and "Members active per day" in html
    assert "no-referrer" in page.headers["Referrer-Policy"]

    client.session.cookie_jar.clear()
    again = await client.get(path, allow_redirects=False)
    assert again.status == 400
    assert "already used" in await again.text()


async def test_an_expired_link_is_refused(dash: App, client: Client, clock: ManualClock) -> None:
    path = await link(dash, ANA)
    clock.advance(timedelta(minutes=15, seconds=1))
    response = await client.get(path, allow_redirects=False)
    assert response.status == 400
    assert "expired" in await response.text()
    assert "Set-Cookie" not in response.headers


async def test_a_link_for_one_community_is_refused_on_another(dash: App, client: Client) -> None:
    other = await link(dash, console_actor("Cy", "elsewhere"))
    ours = await link(dash, ANA)
    ours_id, other_id = ours.split("/")[2], other.split("/")[2]
    assert ours_id != other_id
    moved = other.replace(f"/c/{other_id}/", f"/c/{ours_id}/")
    response = await client.get(moved, allow_redirects=False)
    assert response.status == 400
    assert "not valid here" in await response.text()
    tampered = ours[:-3] + ("abc" if not ours.endswith("abc") else "xyz")
    assert (await client.get(tampered, allow_redirects=False)).status == 400


async def test_tokens_are_stored_hashed(dash: App, client: Client) -> None:
    path = await link(dash, ANA)
    await sign_in(client, path)
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))["mlpath_session"]
    async with dash.uow(write=False) as uow:
        links = (await uow.session.execute(select(WebLink.token_hash))).scalars().all()
        sessions = (await uow.session.execute(select(WebSession.token_hash))).scalars().all()
    stored = " ".join([*links, *sessions])
    assert all(len(h) == 64 for h in [*links, *sessions])
    token = path.rsplit("/", 1)[1].split(".")[0]
    assert token not in stored and cookie.value.split(".")[0] not in stored


async def test_a_post_without_its_csrf_token_is_refused(dash: App, client: Client) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, BEN, "/checkin")
    await sign_in(client, await link(dash, ANA))
    response = await client.post("/c/1/organiser/nudge", data={"member": "2"})
    assert response.status == 403
    assert "did not come from your dashboard" in await response.text()
    wrong = await client.post("/c/1/organiser/nudge", data={"member": "2", "csrf": "x" * 27})
    assert wrong.status == 403
    async with dash.uow(write=False) as uow:
        kinds = (await uow.session.execute(select(OutboxMessage.kind))).scalars().all()
    assert "nudge" not in kinds


async def test_a_tampered_cookie_signs_out(dash: App, client: Client) -> None:
    await sign_in(client, await link(dash, ANA))
    jar = client.session.cookie_jar
    value = jar.filter_cookies(client.make_url("/"))["mlpath_session"].value
    jar.clear()
    tampered = value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
    headers = {"Cookie": f"mlpath_session={tampered}"}
    response = await client.get("/c/1/organiser/overview", headers=headers)
    assert response.status == 401
    assert "You are signed out" in await response.text()
    assert 'mlpath_session=""' in response.headers["Set-Cookie"]


async def test_revoking_ends_every_session(dash: App, client: Client) -> None:
    await sign_in(client, await link(dash, ANA, "/me dashboard"))
    assert (await client.get("/c/1/me")).status == 200
    assert "Signed out of the dashboard everywhere (1 session)" in await ask(
        dash, ANA, "/me dashboard revoke"
    )
    response = await client.get("/c/1/me")
    assert response.status == 401


async def test_a_member_gets_403_on_organiser_pages_and_404_elsewhere(
    dash: App, client: Client
) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, console_actor("Cy", "elsewhere"), "/checkin")
    await sign_in(client, await link(dash, BEN, "/me dashboard"))
    for section in ("overview", "members", "quiz", "projects", "audit"):
        response = await client.get(f"/c/1/organiser/{section}")
        assert response.status == 403, section
        assert "for the organisers" in await response.text()
    assert (await client.get("/c/1/organiser/members/at-risk.csv")).status == 403
    assert (await client.get("/c/1/me")).status == 200
    assert (await client.get("/c/2/me")).status == 404
    assert (await client.get("/c/2/organiser/overview")).status == 404
    refused = await ask(dash, BEN, "/admin dashboard")
    assert "is for moderators" in refused


async def test_moderator_status_is_checked_on_every_page(dash: App, client: Client) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, BEN, "/checkin")
    await ask(dash, ANA, "/admin mods add ben")
    await sign_in(client, await link(dash, BEN))
    assert (await client.get("/c/1/organiser/overview")).status == 200
    await ask(dash, ANA, "/admin mods remove ben")
    assert (await client.get("/c/1/organiser/overview")).status == 403


async def test_a_nudge_is_queued_once_a_day_and_audited(
    dash: App, client: Client, clock: ManualClock
) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, BEN, "/checkin")
    clock.advance(timedelta(days=1, hours=4))  # Tuesday: both streaks end tonight
    await sign_in(client, await link(dash, ANA))
    page = await (await client.get("/c/1/organiser/members")).text()
    rows = tables_of(page)["at-risk"]
    assert [r[0] for r in rows[1:]] == ["Ana", "Ben"] or [r[0] for r in rows[1:]] == ["Ben", "Ana"]
    csrf = await csrf_of(client, "/c/1/organiser/members")
    first = await client.post("/c/1/organiser/nudge", data={"member": "2", "csrf": csrf})
    assert "A private reminder is on its way to Ben." in await first.text()
    second = await client.post("/c/1/organiser/nudge", data={"member": "2", "csrf": csrf})
    assert "Ben was already nudged today." in await second.text()
    async with dash.uow(write=False) as uow:
        posts = (
            (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "nudge")))
            .scalars()
            .all()
        )
        audits = (
            (await uow.session.execute(select(AuditEntry).where(AuditEntry.action == "nudge")))
            .scalars()
            .all()
        )
    assert [p.payload["channel"] for p in posts] == ["dm:ben"]
    assert [(a.actor_user_id, a.detail) for a in audits] == [("ana", {"member": "ben"})]


async def test_the_public_page_is_off_until_turned_on_and_leaves_hidden_members_out(
    dash: App, client: Client
) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, BEN, "/checkin")
    await ask(dash, BEN, "/me hide")
    assert (await client.get("/c/1/public")).status == 404
    assert "The public page is on" in await ask(dash, ANA, "/admin dashboard public on")
    page = await client.get("/c/1/public")
    assert page.status == 200
    html = await page.text()
    assert "Ana" in html and "Ben" not in html
    board = await client.get("/c/1/public/board-xp-all.csv")
    rows = list(csv.reader(io.StringIO(await board.text())))
    assert rows[0] == ["#", "member", "xp"] and [r[1] for r in rows[1:]] == ["Ana"]
    assert "off" in await ask(dash, ANA, "/admin dashboard public off")
    assert (await client.get("/c/1/public")).status == 404


async def test_csv_downloads_hold_the_tables_of_the_page(dash: App, client: Client) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, BEN, "/checkin")
    await sign_in(client, await link(dash, ANA))
    for section in ("overview", "members", "quiz", "projects", "audit"):
        html = await (await client.get(f"/c/1/organiser/{section}")).text()
        for name, rows in tables_of(html).items():
            query = "?kind=all&page=1" if section == "audit" else ""
            text = await (await client.get(f"/c/1/organiser/{section}/{name}.csv{query}")).text()
            downloaded = list(csv.reader(io.StringIO(text)))
            width = len(downloaded[0])
            assert [r[:width] for r in rows] == downloaded, (section, name)


async def test_bad_input_gets_one_line_not_a_traceback(dash: App, client: Client) -> None:
    await sign_in(client, await link(dash, ANA))
    response = await client.get("/c/1/organiser/audit?page=zero")
    assert response.status == 400
    assert "page must be a number." in await response.text()
    assert (await client.get("/c/abc/me")).status == 404
    assert (await client.get("/c/1/organiser/nowhere")).status == 404


async def answer_todays_challenge(dash: App, names: list[str]) -> str:
    """Each member answers today's challenge from /today (its first choice); its question."""
    await dash.services.community.open_console(ANA)  # the roadmap starts today
    await ask(dash, ANA, "/admin post-now challenge")
    question = ""
    for name in names:
        actor = console_actor(name)
        today = await dash.dispatcher.text(actor, "/today")
        button = next(b for b in today.buttons if b.action == "qc")
        await dash.dispatcher.press(actor, button.custom_id)
        question = button.arg
    return question


async def test_the_hardest_questions_can_be_disabled(dash: App, client: Client) -> None:
    await ask(dash, ANA, "/checkin")
    await answer_todays_challenge(dash, ["Ana", "Ben", "Cy"])
    await sign_in(client, await link(dash, ANA))
    (row,) = tables_of(await (await client.get("/c/1/organiser/quiz")).text())["hardest"][1:]
    question = row[0]
    assert row[3] == "3" and row[5] == ""
    csrf = await csrf_of(client, "/c/1/organiser/quiz")
    done = await client.post("/c/1/organiser/disable", data={"question": question, "csrf": csrf})
    html = await done.text()
    assert f"{question} is out of this group's quizzes and challenges." in unescape(html)
    (row,) = tables_of(html)["hardest"][1:]
    assert row[5] == "disabled"
    async with dash.uow(write=False) as uow:
        actions = (await uow.session.execute(select(AuditEntry.action))).scalars().all()
        assert question in await uow.quiz.disabled(1)
    assert "quiz disable" in actions


async def test_the_console_prints_a_link_that_signs_in(tmp_path: Path, catalog: Catalog) -> None:
    """`mlpath shell` prints the link; the dashboard serving that database opens it."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"
    shell = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "shell", "--db", url],
        input="/checkin\n/admin dashboard\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MLPATH_LOG_LEVEL": "WARNING"},
        check=False,
    )
    assert shell.returncode == 0, shell.stderr
    printed = LINK.search(shell.stdout)
    assert printed, shell.stdout
    assert printed.group(0).startswith("http://127.0.0.1:8080/c/1/signin/")
    app = build(Settings(database_url=url), catalog=catalog)  # the server: its own process
    try:
        server = TestServer(web_application(app.services, secure=False))
        async with TestClient(server) as browser:
            opened = await browser.get(printed.group(1))
            assert opened.status == 200 and "Organiser view" in await opened.text()
    finally:
        await app.aclose()


async def _mlpath(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MLPATH_LOG_LEVEL": "WARNING", "MLPATH_OPS_PORT": "0", **env},
        check=False,
    )


async def test_run_web_with_its_port_taken_or_a_bad_now_is_one_line(
    tmp_path: Path, sqlite_template: Path
) -> None:
    db = tmp_path / "web.db"
    db.write_bytes(sqlite_template.read_bytes())
    env = {"MLPATH_DATABASE_URL": f"sqlite+aiosqlite:///{db}"}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = await _mlpath("run", "web", env={**env, "MLPATH_WEB_PORT": port})
    assert busy.returncode == 1
    assert f"cannot serve the dashboard on 127.0.0.1:{port}" in busy.stderr
    assert "Traceback" not in busy.stderr and len(busy.stderr.strip().splitlines()) == 1
    late = await _mlpath("run", "web", "--now", "someday", env=env)
    assert late.returncode == 2 and "use an ISO-8601 time" in late.stderr
    bots = await _mlpath("run", "discord", "--now", "2026-01-13T12:00", env=env)
    assert bots.returncode == 2 and "--now is for `mlpath run web` only" in bots.stderr


async def test_the_member_view_lists_the_exercises_passed_and_not_yet(
    dash: App, client: Client, clock: ManualClock
) -> None:
    await ask(dash, ANA, "/checkin")
    await ask(dash, BEN, "/checkin")
    async with dash.uow() as uow:  # Ben passed one exercise on his second try, failed another
        ben = await uow.members.get(1, BEN.user_id)
        assert ben is not None
        passed = await uow.exercises.standing(ben.id, "stable-softmax")
        passed.attempts, passed.passed_at = 2, clock.now()
        failed = await uow.exercises.standing(ben.id, "cosine-similarity-matrix")
        failed.attempts, failed.due = 1, clock.now() + timedelta(days=1)
        await uow.commit()
    await sign_in(client, await link(dash, BEN, "/me dashboard"))
    html = await (await client.get("/c/1/me")).text()
    titles = {e.id: e.title for e in dash.catalog.exercises.ordered()}
    assert tables_of(html)["my-exercises"] == [  # in roadmap order
        ["exercise", "step", "tries", "result"],
        [titles["cosine-similarity-matrix"], "1", "1", "not yet: review due"],
        [titles["stable-softmax"], "2", "2", "passed Mon 5 Jan 2026"],
    ]
    # another member's view does not show Ben's tries
    await sign_in(client, await link(dash, ANA, "/me dashboard"))
    ana_tables = tables_of(await (await client.get("/c/1/me")).text())
    assert ana_tables.get("my-exercises", [])[1:] == []
