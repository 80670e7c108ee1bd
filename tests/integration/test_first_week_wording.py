"""What the first-week transcript (test_console_first_week.py) turned up, each on its own: a new
member's /timezone reply, and /streak show on a streak a repair could still mend."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from tests.helpers import console_actor
from tests.integration.test_streak_care import say, study

ANA = console_actor("ana")  # the first member: a moderator
BEN = console_actor("ben")
# The clock starts on Monday 5 January 2026, 09:00 UTC.


async def test_a_new_members_timezone_reply_names_the_zone_once_and_no_past_days(
    app: App,
) -> None:
    first = await say(app, "/timezone Asia/Kolkata")
    assert first == (
        "Your timezone is now Asia/Kolkata; it is 14:30 there and your study day is Mon 5 Jan 2026."
    )
    await say(app, "/checkin")
    moved = await say(app, "/timezone Europe/Berlin")
    assert moved.endswith(
        "it is 10:00 there and your study day is Mon 5 Jan 2026. Days you already checked in "
        "for stay counted, and none is counted twice."
    )
    cleared = await say(app, "/timezone reset")
    assert cleared.startswith("Your personal timezone is cleared; it is 09:00 there (UTC) and ")


async def test_a_broken_streak_shows_that_a_repair_can_mend_it(
    app: App, clock: ManualClock
) -> None:
    for _ in range(2):  # both check in on Monday and Tuesday
        await say(app, "/checkin")
        await study(app, clock, 1, BEN)
    granted = await say(app, "/admin xp ana 40 welcome to the group")  # 20 + 40: enough
    assert "ana gets 40 XP (now 60)" in granted
    clock.advance(timedelta(days=1))  # both miss Wednesday
    shown = await say(app, "/streak show")
    assert shown == (
        "You have not checked in for today yet. Your 2-day streak broke on Wed 7 Jan 2026: "
        "/streak repair mends it for 50 XP (once in 30 days), or /checkin starts anew."
    )
    assert "repair" not in await say(app, "/streak show", BEN)  # 20 XP cannot pay for one
    assert "repair" not in await say(app, "/streak show ana", BEN)  # nor is it ben's to make
    assert "Streak repaired for 50 XP" in await say(app, "/streak repair")
    clock.advance(timedelta(days=2))  # Saturday: more than 48 hours after Ben's break
    await say(app, "/admin xp ben 60 a late gift")
    assert "repair" not in await say(app, "/streak show", BEN)
