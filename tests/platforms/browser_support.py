"""A real headless Chromium for the dashboard tests, through Playwright: Debian's ``chromium``
package (installed by ``.ci/run``), never Playwright's own browser download.

``MLPATH_TEST_BROWSER`` names the browser binary and makes it required (CI sets it: a missing
browser fails the run). Unset, ``/usr/bin/chromium`` is used when it is there, and the browser
tests are skipped with one line at the end of the run when it is not."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

CHROMIUM = os.environ.get("MLPATH_TEST_BROWSER") or "/usr/bin/chromium"
BROWSER_ASKED = bool(os.environ.get("MLPATH_TEST_BROWSER"))
NO_BROWSER = (
    "Browser: /usr/bin/chromium is missing and MLPATH_TEST_BROWSER is unset, so the dashboard's "
    "browser tests are skipped (apt-get install chromium)"
)
skipped: list[bool] = []


def require_browser() -> None:
    if Path(CHROMIUM).is_file():
        return
    if BROWSER_ASKED:
        pytest.fail(f"MLPATH_TEST_BROWSER={CHROMIUM}: there is no browser there")
    skipped.append(True)
    pytest.skip(NO_BROWSER)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    require_browser()
    async with async_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        await launched.close()
