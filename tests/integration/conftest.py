"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.console.clockwork import ManualSleeper
from tests.integration.test_quiz_service import Recorder


@pytest.fixture
async def quiz_app(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> AsyncIterator[tuple[App, ManualSleeper, Recorder]]:
    """An app whose rounds start at once and whose channel posts are kept."""
    sleeper = ManualSleeper(clock)
    app = build(
        Settings(database_url=db_url),
        clock=clock,
        catalog=catalog,
        sleeper=sleeper,
        round_lead_in=timedelta(0),
    )
    recorder = Recorder()
    app.publishers.register("console", recorder)
    yield app, sleeper, recorder
    await app.aclose()
