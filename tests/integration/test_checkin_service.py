"""Check-ins through the real service and database, on SQLite and Postgres."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.domain.streaks import replay
from bot.domain.timeutil import study_day
from tests.helpers import console_actor
from tests.unit.reference_streaks import reference

ZONES = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Europe/Berlin",
]


async def _export_member(app: App, community: str) -> dict:  # type: ignore[type-arg]
    text = await app.services.export.community("console", community, "json")
    return json.loads(text)["members"][0]  # type: ignore[no-any-return]


async def test_checkin_credits_once_per_study_day(app: App, clock: ManualClock) -> None:
    alice = console_actor("alice")
    first = await app.dispatcher.text(alice, "/checkin chapter 1")
    assert "Streak: 1 day" in first.text and first.private
    again = await app.dispatcher.text(alice, "/checkin also chapter 2")
    assert "already checked in" in again.text and "note is updated" in again.text
    member = await _export_member(app, "local")
    assert member["xp"] == 10
    assert member["checkins"] == [
        {"study_day": "2026-01-05", "note": "chapter 1\nalso chapter 2", "kind": "checkin"}
    ]
    clock.advance(timedelta(days=1))
    nxt = await app.dispatcher.text(alice, "/checkin")
    assert "Streak: 2 days" in nxt.text


async def test_timezone_change_never_credits_a_date_twice(app: App, clock: ManualClock) -> None:
    clock.set(datetime(2026, 1, 5, 23, 30, tzinfo=UTC))  # 5 Jan in London
    bob = console_actor("bob")
    await app.dispatcher.text(bob, "/checkin")
    # Moving east makes it already 6 Jan: a new date, credited once
    reply = await app.dispatcher.text(bob, "/timezone Asia/Tokyo")
    assert "Asia/Tokyo" in reply.text
    assert "Streak: 2 days" in (await app.dispatcher.text(bob, "/checkin")).text
    # Moving back west makes it 5 Jan again: nothing goes backwards, nothing is counted twice
    await app.dispatcher.text(bob, "/timezone America/Los_Angeles")
    assert "already checked in" in (await app.dispatcher.text(bob, "/checkin")).text
    member = await _export_member(app, "local")
    assert [c["study_day"] for c in member["checkins"]] == ["2026-01-05", "2026-01-06"]
    assert member["streak"]["current"] == 2 and member["xp"] == 20


async def test_a_timezone_abbreviation_is_refused_with_the_place(app: App) -> None:
    ivy = console_actor("ivy")
    reply = await app.dispatcher.text(ivy, "/timezone EST")
    assert reply.private and reply.text == (
        "`EST` is an abbreviation with a fixed offset or old rules, not a place: use your "
        "city's zone, e.g. America/New_York, so summer time is right."
    )
    assert "UTC (from the community default)" in (await app.dispatcher.text(ivy, "/timezone")).text
    assert "America/New_York" in (await app.dispatcher.text(ivy, "/timezone America/New_York")).text
    assert "Etc/GMT-5" in (await app.dispatcher.text(ivy, "/timezone Etc/GMT-5")).text  # chosen
    assert "UTC" in (await app.dispatcher.text(ivy, "/timezone utc")).text


async def test_bad_timezone_changes_nothing(app: App) -> None:
    carol = console_actor("carol")
    reply = await app.dispatcher.text(carol, "/timezone Mars/Olympus_Mons")
    assert "not a timezone I know" in reply.text and reply.private
    assert "UTC" in (await app.dispatcher.text(carol, "/timezone")).text


async def test_streak_of_another_member_and_unknown_member(app: App) -> None:
    await app.dispatcher.text(console_actor("dana"), "/checkin")
    shown = await app.dispatcher.text(console_actor("eve"), "/streak dana")
    assert shown.title == "dana's streak"
    assert any(f.name == "Current" and f.value == "1 day" for f in shown.fields)
    missing = await app.dispatcher.text(console_actor("eve"), "/streak nobody")
    assert "has not used mlpath" in missing.text


async def test_streak_offers_a_checkin_button_that_works(app: App) -> None:
    frank = console_actor("frank")
    shown = await app.dispatcher.text(frank, "/streak")
    assert [b.label for b in shown.buttons] == ["Check in"]
    pressed = await app.dispatcher.press(frank, shown.buttons[0].custom_id)
    assert "Streak: 1 day" in pressed.text
    twice = await app.dispatcher.press(frank, shown.buttons[0].custom_id)
    assert "already checked in" in twice.text


async def test_concurrent_double_checkin_counts_once(app: App) -> None:
    gina = console_actor("gina")
    await app.dispatcher.text(gina, "/timezone UTC")  # enrol first
    replies = await asyncio.gather(*(app.dispatcher.text(gina, "/checkin") for _ in range(5)))
    credited = [r for r in replies if "Streak: 1 day" in r.text and "already" not in r.text]
    assert len(credited) == 1, [r.text for r in replies]
    member = await _export_member(app, "local")
    assert member["xp"] == 10 and len(member["checkins"]) == 1


async def test_a_second_note_is_added_once_within_the_cap(app: App) -> None:
    gus = console_actor("gus")
    await app.dispatcher.text(gus, "/checkin read chapter 3")
    await app.dispatcher.text(gus, "/checkin did the exercises")
    await app.dispatcher.text(gus, "/checkin did the exercises")  # a double tap
    assert (await _export_member(app, "local"))["checkins"][0]["note"] == (
        "read chapter 3\ndid the exercises"
    )
    refused = await app.dispatcher.text(gus, "/checkin " + "y" * 480)
    assert refused.private and refused.text == (
        "Today's note would be 513 characters with this one; notes keep 500 at most, and "
        "today's has 32."
    )
    assert (await _export_member(app, "local"))["checkins"][0]["note"] == (
        "read chapter 3\ndid the exercises"
    )


async def test_long_note_is_refused_and_changes_nothing(app: App) -> None:
    hal = console_actor("hal")
    reply = await app.dispatcher.text(hal, "/checkin " + "x" * 501)
    assert "500" in reply.text
    assert (await app.dispatcher.text(hal, "/streak")).buttons  # still not checked in


# --- property: random instants, community/member timezones, tz changes, day_start -------------

steps = st.lists(
    st.one_of(
        st.tuples(st.just("checkin"), st.integers(min_value=1, max_value=60 * 60 * 40)),
        st.tuples(st.just("tz"), st.sampled_from([*ZONES, "reset"])),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps,
    st.sampled_from(ZONES),
    st.sampled_from([time(0), time(4), time(23, 30)]),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 1)),
)
def test_stored_counters_always_equal_a_recomputation(
    db_url: str,
    catalog: Catalog,
    script: list[tuple[str, object]],
    community_tz: str,
    day_start: time,
    start: datetime,
) -> None:
    asyncio.run(_run_script(db_url, catalog, script, community_tz, day_start, start))


async def _run_script(
    db_url: str,
    catalog: Catalog,
    script: list[tuple[str, object]],
    community_tz: str,
    day_start: time,
    start: datetime,
) -> None:
    import uuid

    clock = ManualClock(start.replace(tzinfo=UTC))
    app = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    community = uuid.uuid4().hex[:10]
    actor = console_actor("prop", community)
    try:
        await app.services.community.open_console(actor, community_tz)
        await _set_day_start(app, community, day_start)
        member_tz: str | None = None
        expected_days: list[date] = []
        for action, value in script:
            if action == "tz":
                await app.dispatcher.text(actor, f"/timezone {value}")
                member_tz = None if value == "reset" else str(value)
            else:
                clock.advance(timedelta(seconds=int(str(value))))
                expected_days.append(study_day(clock.now(), member_tz or community_tz, day_start))
                await app.dispatcher.text(actor, "/checkin")
        text = await app.services.export.community("console", community, "json")
        member = json.loads(text)["members"][0]
        ref = reference(expected_days)
        history = member["checkins"]
        credited = [date.fromisoformat(c["study_day"]) for c in history if c["kind"] == "checkin"]
        frozen = [date.fromisoformat(c["study_day"]) for c in history if c["kind"] == "freeze"]
        assert credited == ref.credited
        assert sorted(frozen) == sorted(ref.frozen or [])
        assert len({c["study_day"] for c in history}) == len(history)  # no date twice
        recomputed = replay(credited)
        streak = member["streak"]
        assert (streak["longest"], streak["freezes"]) == (ref.longest, ref.freezes)
        assert (recomputed.streak.longest, recomputed.streak.freezes) == (ref.longest, ref.freezes)
        assert recomputed.streak.current == ref.current
        assert member["xp"] == 10 * len(credited)
        last = recomputed.streak.last_day
        assert streak["last_study_day"] == (last.isoformat() if last else None)
    finally:
        await app.aclose()


async def _set_day_start(app: App, community: str, day_start: time) -> None:
    """Until /admin setup exists (moderation issue), set day_start straight in the database."""
    from sqlalchemy import update

    from bot.db.models import Community

    async with app.uow() as uow:
        await uow.session.execute(
            update(Community)
            .where(Community.external_id == community)
            .values(day_start=f"{day_start.hour:02d}:{day_start.minute:02d}")
        )
        await uow.commit()
