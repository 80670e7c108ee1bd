"""The web dashboard in a real headless Chromium (Playwright, Debian's chromium), with the
links asked for on the fake Discord and the nudge delivered there (SPEC §10).

Screenshots of the main pages are saved under the test's temporary directory (artifacts, not
committed). With ``MLPATH_REFRESH_SCREENSHOTS=1`` the organiser overview is also written to
``docs/dashboard.png``, the README's picture."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.discord.client import MlpathBot
from bot.services.actor import Actor
from bot.web.server import WebServer
from tests.helpers import console_actor
from tests.integration.dashboard_support import LINK, tables_of
from tests.platforms.browser_support import browser  # noqa: F401  (fixture)
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    CHANNEL,
    CY,
    GUILD,
    OWNER,
    clock,
    fake_and_bot,
    run,
    sleeper,
    text_of,
)
from tests.platforms.fake_discord import FakeDiscord

README_PICTURE = Path(__file__).parents[2] / "docs" / "dashboard.png"
NAMES = {ANA: "Ana", BEN: "Ben", CY: "Cy", OWNER: "Owner"}


@pytest.fixture
async def mlpath(
    tmp_path: Path,
    sqlite_template: Path,
    catalog: Catalog,
    clock: ManualClock,
    sleeper: ManualSleeper,
) -> AsyncIterator[App]:
    """The Discord test app, its dashboard links timed by the test's clock."""
    db = tmp_path / "dashboard.db"
    db.write_bytes(sqlite_template.read_bytes())
    app = build(
        Settings(database_url=f"sqlite+aiosqlite:///{db}"),
        clock=clock,
        catalog=catalog,
        sleeper=sleeper,
        round_lead_in=timedelta(0),
        wall_clock=clock,
    )
    yield app
    await app.aclose()


@pytest.fixture
async def site(mlpath: App) -> AsyncIterator[str]:
    server = WebServer(mlpath.services, "127.0.0.1", 0, "http://127.0.0.1")
    await server.start()
    yield f"http://127.0.0.1:{server.port}"
    await server.stop()


def discord(user: int) -> Actor:
    return Actor("discord", str(GUILD), str(user), NAMES[user], "fake guild")


async def seed(mlpath: App, clock: ManualClock) -> None:
    """Two weeks of a small group: Ana every day, Ben until 4 days ago, Cy for six days until
    yesterday (no freeze yet: the streak ends tonight);
    a few practice answers and two projects."""
    owner = Actor("discord", str(GUILD), str(OWNER), "Owner", "fake guild", platform_moderator=True)
    setup = await mlpath.dispatcher.text(owner, f"/admin setup {CHANNEL} 09:00 UTC")
    assert "The group is on Day 1" in setup.text, setup.text
    for day in range(14):
        for user, first, last in ((ANA, 0, 13), (BEN, 0, 9), (CY, 7, 12)):
            if first <= day <= last:
                await mlpath.dispatcher.text(discord(user), "/checkin")
        if day < 13:
            clock.advance(timedelta(days=1))
    for user in (ANA, CY, ANA):
        asked = await mlpath.dispatcher.text(discord(user), "/quiz")
        await mlpath.dispatcher.press(discord(user), asked.buttons[0].custom_id)
    await mlpath.dispatcher.text(discord(ANA), "/project add Digits https://github.com/ana/digits")
    await mlpath.dispatcher.text(discord(CY), "/project add Titanic https://github.com/cy/titanic")


async def link(fake: FakeDiscord, command: str, user: int, site: str) -> str:
    """The link the command replies with on Discord, on the test's server."""
    found = LINK.search(text_of(await run(fake, command, user=user)))
    assert found, command
    return site + found.group(1)


async def signed_in(browser: Browser, url: str, **options: object) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(**options)  # type: ignore[arg-type]
    page = await context.new_page()
    await page.goto(url)
    return context, page


async def shoot(page: Page, folder: Path, name: str) -> None:
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


async def test_the_dashboard_in_a_browser(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
    mlpath: App,
    clock: ManualClock,
    browser: Browser,
    site: str,
    tmp_path: Path,
) -> None:
    fake, _ = fake_and_bot
    shots = tmp_path / "screenshots"
    shots.mkdir()
    await seed(mlpath, clock)

    # A moderator's (Manage Server) link opens the organiser view.
    url = await link(fake, "admin dashboard", OWNER, site)
    organiser, page = await signed_in(browser, url)
    assert page.url.endswith("/organiser/overview")
    assert await page.inner_text("h1") == "Organiser view"
    assert "Members active per day" in await page.content()
    await shoot(page, shots, "organiser-overview")
    if os.environ.get("MLPATH_REFRESH_SCREENSHOTS") == "1":
        await page.set_viewport_size({"width": 1100, "height": 900})
        await page.screenshot(path=str(README_PICTURE), full_page=False)
    await page.keyboard.press("Tab")  # keyboard first: the skip link, then the navigation
    assert await page.evaluate("document.activeElement.textContent") == "Skip to content"

    # The same link a second time is refused.
    second, again = await signed_in(browser, url)
    assert "already used" in await again.inner_text("main")
    await second.close()

    # CSV downloads hold what the page shows.
    for section in ("overview", "members", "quiz", "projects", "audit"):
        await page.goto(f"{site}/c/1/organiser/{section}")
        await shoot(page, shots, f"organiser-{section}")
        shown = tables_of(await page.content())
        assert shown, section
        for name, rows in shown.items():
            link_ = page.locator(f"a[href*='/{name}.csv']")
            async with page.expect_download() as waiting:
                await link_.click()
            download = await waiting.value
            text = Path(await download.path()).read_text(encoding="utf-8")
            downloaded = list(csv.reader(io.StringIO(text)))
            assert [r[: len(downloaded[0])] for r in rows] == downloaded, (section, name)

    # Ben went silent 4 days ago: one nudge, pressed from the keyboard, is one DM.
    await page.goto(f"{site}/c/1/organiser/members")
    at_risk = tables_of(await page.content())["at-risk"]
    assert {r[0]: r[3] for r in at_risk[1:]} == {
        "Ben": "silent 4 days",
        "Cy": "streak ends without today's check-in",
    }
    nudge = page.get_by_role("button", name="Nudge Ben")
    await nudge.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_selector("p.notice")
    assert await page.inner_text("p.notice") == "A private reminder is on its way to Ben."
    assert await page.get_by_role("button", name="Nudge Ben").count() == 0  # nudged today
    await mlpath.services.delivery.drain()
    (dm,) = fake.channel_messages(fake._dm_channels[BEN])
    assert dm["embeds"][0]["title"] == "A nudge from your study group"
    assert ANA not in fake._dm_channels and CY not in fake._dm_channels
    await organiser.close()

    # A member's session: their own page; 403 on the organiser's, 404 for another community.
    await mlpath.dispatcher.text(console_actor("Zoe", "elsewhere"), "/checkin")
    member_url = await link(fake, "me dashboard", ANA, site)
    ana, page = await signed_in(browser, member_url, viewport={"width": 360, "height": 740})
    assert page.url.endswith("/c/1/me")
    assert await page.inner_text("h1") == "Ana's progress"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways
    await shoot(page, shots, "member-360px")
    response = await page.goto(f"{site}/c/1/organiser/overview")
    assert response is not None and response.status == 403
    response = await page.goto(f"{site}/c/2/me")
    assert response is not None and response.status == 404
    await ana.close()

    # Dark mode follows the system.
    dark, page = await signed_in(
        browser, await link(fake, "me dashboard", CY, site), color_scheme="dark"
    )
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 22, 27)"
    await shoot(page, shots, "member-dark")
    await dark.close()

    # An expired link is refused.
    late = await link(fake, "me dashboard", BEN, site)
    clock.advance(timedelta(minutes=16))
    expired, page = await signed_in(browser, late)
    assert "expired" in await page.inner_text("main")
    await expired.close()

    # The public page, once turned on: leaderboards and shipped projects.
    text_of(await run(fake, "admin dashboard", {"setting": "public", "state": "on"}, user=OWNER))
    public, page = await signed_in(browser, f"{site}/c/1/public")
    assert "XP, all time" in await page.content()
    await shoot(page, shots, "public")
    await public.close()
    assert sorted(p.stem for p in shots.iterdir()) == [
        "member-360px",
        "member-dark",
        *(f"organiser-{s}" for s in ("audit", "members", "overview", "projects", "quiz")),
        "public",
    ]
