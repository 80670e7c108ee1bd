"""The live-streak board (`/leaderboard streak all`) judges each streak in the member's own
timezone in SQL (issue 12): broken streaks can no longer crowd live ones out of the list, and
timezone changes move members on and off the board at once. SQLite and Postgres."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.console.clockwork import ManualSleeper
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder

KIRITIMATI = "Pacific/Kiritimati"  # UTC+14


async def board(app: App, who: str = "ana") -> str:
    return (await app.dispatcher.text(console_actor(who), "/leaderboard streak all")).text


async def test_broken_streaks_never_hide_live_ones(app: App, clock: ManualClock) -> None:
    # 25 members at UTC+14 check in at 09:00 UTC (23:00 there), 5-10 Jan: 6-day streaks
    far = [console_actor(f"far{n:02d}", tz=KIRITIMATI) for n in range(25)]
    for _ in range(6):
        for actor in far:
            await app.dispatcher.text(actor, "/checkin")
        clock.advance(timedelta(days=1))
    # 5 members at UTC check in 9-11 Jan: 3-day streaks
    clock.set(datetime(2026, 1, 9, 9, 0, tzinfo=UTC))
    near = [console_actor(f"near{n}") for n in range(5)]
    for _ in range(3):
        for actor in near:
            await app.dispatcher.text(actor, "/checkin")
        clock.advance(timedelta(days=1))
    # 11 Jan 12:00 UTC is 12 Jan 02:00 at UTC+14: 11 Jan was missed there, no freeze
    clock.set(datetime(2026, 1, 11, 12, 0, tzinfo=UTC))
    text = await board(app, "near0")
    lines = text.splitlines()
    assert sorted(lines[:5]) == [f"🥇 near{n} — 3 day streak" for n in range(5)]
    assert "far" not in text
    assert "You: #1 with 3 day streak." in text


async def test_a_timezone_change_moves_a_member_on_and_off_the_board(
    app: App, clock: ManualClock
) -> None:
    ana = console_actor("ana")
    for _ in range(2):
        await app.dispatcher.text(ana, "/checkin")  # 5 and 6 Jan, UTC
        clock.advance(timedelta(days=1))
    clock.set(datetime(2026, 1, 8, 5, 0, tzinfo=UTC))  # 7 Jan missed in UTC: broken
    assert "ana" not in await board(app, "ben")
    await app.dispatcher.text(ana, "/timezone America/Los_Angeles")  # 7 Jan 21:00 there
    assert "🥇 ana — 2 day streak" in await board(app, "ben")
    await app.dispatcher.text(ana, "/timezone UTC")
    assert "ana" not in await board(app, "ben")


async def test_the_community_moving_its_timezone_moves_the_board(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app = quiz_app[0]  # an app with a console channel to post to
    mod, ana = console_actor("mod"), console_actor("ana")
    await app.dispatcher.text(mod, "/me show")  # the first console member moderates
    for _ in range(2):
        await app.dispatcher.text(ana, "/checkin")
        clock.advance(timedelta(days=1))
    clock.set(datetime(2026, 1, 8, 5, 0, tzinfo=UTC))
    assert "ana" not in await board(app, "mod")
    setup = "/admin setup #study 09:00 America/Los_Angeles 00:00 2026-01-01"
    assert "America/Los_Angeles" in (await app.dispatcher.text(mod, setup)).text
    assert "🥇 ana — 2 day streak" in await board(app, "mod")
