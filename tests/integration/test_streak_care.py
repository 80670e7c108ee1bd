"""Vacation holds and streak repair through the real services, the console door and the
database, on SQLite and Postgres (SPEC §2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.console.clockwork import ManualSleeper
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder

ANA = console_actor("ana")
BEN = console_actor("ben")
# The clock starts on Monday 5 January 2026, 09:00 UTC: day 0.


async def say(app: App, text: str, who: Any = ANA) -> str:
    return (await app.dispatcher.text(who, text)).text


async def study(app: App, clock: ManualClock, days: int, who: Any = ANA) -> None:
    """Check in on ``days`` days in a row, ending on the clock's day; the clock moves on."""
    for _ in range(days):
        assert "Checked in" in await say(app, "/checkin", who)
        clock.advance(timedelta(days=1))


async def member(app: App, name: str = "ana") -> dict[str, Any]:
    text = await app.services.export.community("console", "local", "json")
    found = [m for m in json.loads(text)["members"] if m["id"] == name]
    return found[0]  # type: ignore[no-any-return]


async def test_a_hold_keeps_the_streak_without_credit_or_freezes(
    app: App, clock: ManualClock
) -> None:
    await study(app, clock, 3)  # days 0-2; now day 3, not checked in
    reply = await app.dispatcher.text(ANA, "/me pause 5")
    assert reply.private
    assert reply.text.startswith(
        "Your 3-day streak is on hold from today until Mon 12 Jan 2026 (5 days)"
    )
    clock.advance(timedelta(days=3))  # day 6, on hold
    shown = await app.dispatcher.text(ANA, "/streak")
    assert shown.text == "On hold until Mon 12 Jan 2026; /me resume ends the hold early."
    assert shown.fields[0].value == "3 days" and not shown.buttons
    assert (await app.dispatcher.text(BEN, "/streak ana")).text == "On hold until Mon 12 Jan 2026."
    clock.advance(timedelta(days=2))  # day 8: the first day after the hold
    reply = await app.dispatcher.text(ANA, "/checkin")
    assert "Streak: 4 days" in reply.text and "freeze" not in reply.text
    exported = await member(app)
    assert exported["holds"] == [{"first_day": "2026-01-08", "last_day": "2026-01-12"}]
    assert [c["kind"] for c in exported["checkins"]] == ["checkin"] * 4  # no freeze rows
    assert exported["streak"]["current"] == 4 and exported["xp"] == 40


async def test_a_check_in_during_a_hold_ends_it(app: App, clock: ManualClock) -> None:
    await study(app, clock, 2)  # days 0-1; now day 2
    await say(app, "/me pause 7")  # days 2-8
    clock.advance(timedelta(days=2))  # day 4
    assert "Streak: 3 days" in await say(app, "/checkin")
    exported = await member(app)
    assert exported["holds"] == [{"first_day": "2026-01-07", "last_day": "2026-01-08"}]
    assert (await say(app, "/streak")).startswith("Checked in for today")
    clock.advance(timedelta(days=2))  # day 6: day 5 missed, no freeze, the hold is over
    assert (await app.dispatcher.text(ANA, "/streak")).fields[0].value == "0 days"


async def test_resume_ends_the_hold_and_today_counts_again(app: App, clock: ManualClock) -> None:
    await study(app, clock, 2)  # now day 2
    await say(app, "/me pause 5")
    clock.advance(timedelta(days=1))  # day 3
    resumed = await say(app, "/me resume")
    assert resumed == (
        "Welcome back: the hold is over and your streak is 2 days. Check in today to keep it going."
    )
    assert "not on hold" in await say(app, "/me resume")
    clock.advance(timedelta(days=1))  # day 4: day 3 was not held after all
    assert (await app.dispatcher.text(ANA, "/streak")).fields[0].value == "0 days"
    assert (await member(app))["holds"] == [{"first_day": "2026-01-07", "last_day": "2026-01-07"}]


async def test_a_hold_after_todays_check_in_starts_tomorrow_and_resume_drops_it(
    app: App, clock: ManualClock
) -> None:
    await study(app, clock, 1)
    await say(app, "/checkin")  # day 1
    assert "from Wed 7 Jan 2026 until Thu 8 Jan 2026" in await say(app, "/me pause 2")
    assert "streak is 2 days." in await say(app, "/me resume")
    assert (await member(app))["holds"] == []


async def test_bad_pauses_get_one_line_and_change_nothing(app: App, clock: ManualClock) -> None:
    assert "no live streak" in await say(app, "/me pause 3")
    await study(app, clock, 1)
    for text in ("/me pause 0", "/me pause 15", "/me pause soon", "/me pause"):
        reply = await app.dispatcher.text(ANA, text)
        assert reply.private and "\n" not in reply.text and "Traceback" not in reply.text
    await say(app, "/me pause 2")
    assert "already on hold until" in await say(app, "/me pause 2")
    assert (await member(app))["holds"] == [{"first_day": "2026-01-06", "last_day": "2026-01-07"}]


async def test_at_most_28_days_on_hold_a_quarter(app: App, clock: ManualClock) -> None:
    await study(app, clock, 1)  # now day 1 (6 Jan)
    for _ in range(2):
        assert "(14 days)" in await say(app, "/me pause 14")
        clock.advance(timedelta(days=14))
        await study(app, clock, 1)
    assert (await member(app))["streak"]["current"] == 3
    refused = await say(app, "/me pause 1")
    assert refused == "Holds cover at most 28 days a quarter; you have 0 left in Q1 2026."


async def test_the_streak_board_keeps_a_member_on_hold(app: App, clock: ManualClock) -> None:
    await study(app, clock, 3, BEN)
    clock.advance(timedelta(days=-3))
    await study(app, clock, 3)  # both 3 days; now day 3
    await say(app, "/me pause 10")
    clock.advance(timedelta(days=5))  # day 8: ben's streak broke, ana's is on hold
    board = await app.dispatcher.text(BEN, "/leaderboard streak all")
    assert "ana" in board.text and "ben" not in board.text and "3" in board.text


async def test_no_reminder_while_on_hold(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, recorder = quiz_app
    await say(app, "/remind on 18:00")
    await study(app, clock, 1)  # now day 1, 09:00
    await say(app, "/me pause 2")
    clock.set(datetime(2026, 1, 6, 18, 0, tzinfo=UTC))
    await app.services.daily.run_due_reminders()
    clock.advance(timedelta(days=2))  # day 3, after the hold
    await app.services.daily.run_due_reminders()
    await app.services.delivery.drain()
    assert [(ch, r.title) for ch, r in recorder.posts] == [("dm:ana", "Study reminder")]
    assert "1-day streak is waiting" in recorder.posts[0][1].text  # day 0, held days 1-2


# --- repair ------------------------------------------------------------------------------


async def test_repair_mends_a_streak_that_broke_yesterday_for_50_xp(
    app: App, clock: ManualClock
) -> None:
    await study(app, clock, 5)  # days 0-4, 50 XP
    clock.advance(timedelta(days=1))  # day 6: day 5 missed, no freeze
    assert (await app.dispatcher.text(ANA, "/streak")).fields[0].value == "0 days"
    reply = await app.dispatcher.text(ANA, "/streak repair")
    assert reply.private and reply.text == (
        "Streak repaired for 50 XP (1 day credited: Sat 10 Jan 2026); your streak is 6 days "
        "again. Check in today to keep it going."
    )
    assert "Streak: 7 days" in await say(app, "/checkin")
    exported = await member(app)
    assert exported["xp"] == 10
    assert [c["kind"] for c in exported["checkins"]] == ["checkin"] * 5 + ["repair", "checkin"]
    week = await app.dispatcher.text(ANA, "/leaderboard xp week")
    assert week.text.startswith("🥇 ana — 10 XP\n")  # 60 earned this week, 50 paid
    days = await app.dispatcher.text(ANA, "/leaderboard streak week")
    assert days.text.startswith("🥇 ana — 6 days studied\n")  # the repaired day is not one


async def test_repair_works_after_todays_check_in_restarted_the_streak(
    app: App, clock: ManualClock
) -> None:
    await study(app, clock, 5)
    clock.advance(timedelta(days=2))  # day 7: days 5 and 6 missed
    assert "streak starts again" in await say(app, "/checkin")
    assert "(2 days credited: Sat 10 Jan 2026, Sun 11 Jan 2026); your streak is 8 days" in (
        await say(app, "/streak repair")
    )
    assert (await member(app))["streak"]["current"] == 8


async def test_repair_refusals_are_one_line_and_change_nothing(
    app: App, clock: ManualClock
) -> None:
    assert "no streak to repair" in await say(app, "/streak repair")
    await study(app, clock, 3)  # 30 XP
    assert "not broken" in await say(app, "/streak repair")
    clock.advance(timedelta(days=1))
    assert await say(app, "/streak repair") == "A repair costs 50 XP, and you have 30 XP."
    clock.advance(timedelta(days=2))  # broke on day 3, now day 6
    assert "more than 48 hours ago" in await say(app, "/streak repair")
    exported = await member(app)
    assert exported["xp"] == 30 and len(exported["checkins"]) == 3


async def test_one_repair_in_30_days(app: App, clock: ManualClock) -> None:
    await study(app, clock, 10)  # days 0-9, 100 XP; the 7th day earned a freeze
    clock.advance(timedelta(days=2))  # day 12: the freeze covers day 10, day 11 broke it
    assert "(1 day credited: Fri 16 Jan 2026)" in await say(app, "/streak repair")
    await study(app, clock, 1)
    clock.advance(timedelta(days=1))  # day 14: day 13 missed, the freeze is spent
    refused = await say(app, "/streak repair")
    assert refused == (
        "A repair works once every 30 days: your last was on Sat 17 Jan 2026, the next is "
        "possible from Mon 16 Feb 2026."
    )


# --- found in review ---------------------------------------------------------------------


async def test_a_hold_after_a_move_west_never_covers_a_credited_day(
    app: App, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 1, 5, 23, 30, tzinfo=UTC))
    await say(app, "/timezone Asia/Tokyo")  # 6 Jan there
    await study(app, clock, 3)  # 6, 7 and 8 Jan in Tokyo
    clock.set(datetime(2026, 1, 7, 23, 30, tzinfo=UTC))
    await say(app, "/timezone UTC")  # back home it is still 7 Jan; 8 Jan is credited
    assert "from Fri 9 Jan 2026 until Sun 11 Jan 2026" in await say(app, "/me pause 3")
    clock.set(datetime(2026, 1, 13, 9, 0, tzinfo=UTC))  # 12 Jan missed after the hold
    assert (await app.dispatcher.text(ANA, "/streak")).fields[0].value == "0 days"


async def test_repair_the_day_after_a_restart(app: App, clock: ManualClock) -> None:
    await study(app, clock, 6)  # days 0-5, 60 XP
    clock.advance(timedelta(days=1))  # day 6 missed
    assert "streak starts again" in await say(app, "/checkin")  # day 7
    clock.advance(timedelta(days=1))  # day 8
    assert "(1 day credited: Sun 11 Jan 2026); your streak is 8 days" in await say(
        app, "/streak repair"
    )


async def test_a_check_in_says_it_ends_the_hold_and_resume_cancels_one_not_begun(
    app: App, clock: ManualClock
) -> None:
    await study(app, clock, 2)
    await say(app, "/me pause 5")  # days 2-6
    clock.advance(timedelta(days=1))
    assert "Welcome back: this check-in ends your hold." in await say(app, "/checkin")
    await say(app, "/me pause 2")  # checked in today: from tomorrow
    shown = await say(app, "/streak")
    assert shown == (
        "Checked in for today. On hold until Sat 10 Jan 2026; /me resume ends the hold early."
    )
    assert await say(app, "/me resume") == (
        "Your hold from Fri 9 Jan 2026 is cancelled before it began; your streak is 3 days."
    )


async def test_the_dashboard_and_profile_show_the_hold(app: App, clock: ManualClock) -> None:
    await study(app, clock, 2)
    await say(app, "/me pause 3")  # days 2-4
    home = await app.services.career.dashboard(ANA)
    fields = {f.name: f.value for f in home.fields}
    assert fields["Today"] == "On hold until Fri 9 Jan 2026."
    assert [b.label for b in home.buttons] == ["Practice"]  # no Check in that ends the hold
    profile = await app.dispatcher.text(ANA, "/profile")
    streak = next(f.value for f in profile.fields if f.name == "Streak")
    assert streak == "2 days (longest 2) · On hold until Fri 9 Jan 2026."
