"""/admin setup, /today, /roadmap, /remind and streak milestones, through the real services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import AuditEntry, Community, OutboxMessage
from bot.replies import Field
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder

MOD = console_actor("mod")


@pytest.fixture
async def daily_app(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> AsyncIterator[tuple[App, Recorder]]:
    app = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    recorder = Recorder()
    app.publishers.register("console", recorder)
    await app.dispatcher.text(MOD, "/me show")  # the first console member is a moderator
    yield app, recorder
    await app.aclose()


async def community(app: App) -> Community:
    async with app.uow(write=False) as uow:
        found = await uow.communities.get("console", "local")
    assert found is not None
    return found


async def audit_count(app: App) -> int:
    async with app.uow(write=False) as uow:
        return int(
            (await uow.session.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
        )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("#missing 09:00 UTC", "cannot find the channel `missing`"),
        ("#study 25:00 UTC", "`25:00` is not a valid post time"),
        ("#study 9am UTC", "`9am` is not a valid post time"),
        ("#study 09:00 Mars/Base", "`Mars/Base` is not a timezone I know"),
        ("#study 09:00 UTC 4am", "`4am` is not a valid day start"),
        ("#study 09:00 UTC 00:00 2024-01-01", "The start date must be between"),
        ("#study 09:00 UTC 00:00 2030-01-01", "The start date must be between"),
        ("#study 09:00 UTC 00:00 soon", "`soon` is not a date"),
        ("#study 09:00", "/admin setup needs timezone"),
    ],
)
async def test_bad_setup_is_one_private_line_and_changes_nothing(
    daily_app: tuple[App, Recorder], args: str, expected: str
) -> None:
    app, recorder = daily_app
    before = await community(app)
    audits = await audit_count(app)
    reply = await app.dispatcher.text(MOD, f"/admin setup {args}")
    assert expected in reply.text and reply.private, reply.text
    after = await community(app)
    assert (after.channel_id, after.post_time, after.timezone, after.roadmap_start) == (
        before.channel_id,
        before.post_time,
        before.timezone,
        before.roadmap_start,
    )
    assert await audit_count(app) == audits and recorder.posts == []


async def test_setup_by_a_member_is_refused_and_audited(daily_app: tuple[App, Recorder]) -> None:
    app, _ = daily_app
    reply = await app.dispatcher.text(console_actor("ana"), "/admin setup #study 09:00 UTC")
    assert "for moderators" in reply.text
    async with app.uow(write=False) as uow:
        refused = (await uow.session.execute(select(AuditEntry))).scalars().all()
    assert [(a.action, a.outcome, a.actor_user_id) for a in refused] == [
        ("setup", "refused", "ana")
    ]


async def test_setup_then_the_day_is_posted_once(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    app, recorder = daily_app
    reply = await app.dispatcher.text(MOD, "/admin setup #study 10:00 Europe/Berlin 04:00")
    assert "Daily posts go to #study at 10:00 Europe/Berlin" in reply.text
    # 09:00 UTC now: 10:00 in Berlin has passed, so Day 1 goes out now, not tomorrow; local
    # time with the zone, never ISO 8601
    assert (
        "The group is on Day 1 of 84; today's post goes out now, as its time has passed; "
        "the next post is due Tue 6 Jan 2026 10:00 Europe/Berlin." in reply.text
    )
    await app.services.delivery.drain()
    clock.set(datetime(2026, 1, 6, 9, 0, tzinfo=UTC))
    for _ in range(3):  # replicas / repeated ticks queue nothing new
        await app.services.daily.run_due()
        await app.services.delivery.drain()
    titles = recorder.titles()
    assert [t.split(" · ")[:2] for t in titles] == [
        ["Day 1", "Foundations in maths and statistics"],
        ["Daily challenge", "Mon 5 Jan 2026"],
        ["Day 2", "Foundations in maths and statistics"],
        ["Daily challenge", "Tue 6 Jan 2026"],
    ]
    assert all(ch == "study" for ch, _ in recorder.posts)
    assert [b.label for b in recorder.posts[2][1].buttons] == ["Check in", "Quiz me"]
    done = await app.dispatcher.text(MOD, "/admin post-now daily")
    assert "already gone out to study" in done.text
    weekly = await app.dispatcher.text(MOD, "/admin post-now weekly")
    assert "no weekly post for today" in weekly.text  # weekly posts are Monday's


async def test_a_group_set_up_after_its_post_time_starts_today_and_skips_nothing(
    daily_app: tuple[App, Recorder], clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    app, recorder = daily_app
    clock.set(datetime(2026, 1, 5, 16, 0, tzinfo=UTC))  # seven hours after its 09:00 post
    reply = await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    assert "today's post goes out now" in reply.text
    for _ in range(2):  # the scheduler's ticks after it: nothing recorded as skipped
        await app.services.daily.run_due()
        await app.services.delivery.drain()
        clock.advance(timedelta(minutes=5))
    assert [t.split(" · ")[0] for t in recorder.titles()] == ["Day 1", "Daily challenge"]
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    again = await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    assert "goes out now" not in again.text  # set up twice: today's post went out once
    await app.services.delivery.drain()
    assert len(recorder.titles()) == 2


async def test_a_group_set_up_before_its_post_time_waits_for_it(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    app, recorder = daily_app
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    reply = await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    assert reply.text.endswith("the next post is due Mon 5 Jan 2026 09:00 UTC.")
    await app.services.delivery.drain()
    assert recorder.titles() == []


async def test_monday_brings_the_weekly_check_in(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    app, recorder = daily_app
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC 00:00 2026-01-01")
    await app.dispatcher.text(console_actor("ana"), "/checkin")  # Mon 5 Jan
    clock.set(datetime(2026, 1, 12, 9, 0, tzinfo=UTC))  # the next Monday
    await app.services.daily.run_due()
    await app.services.delivery.drain()
    # set up on Monday 5 Jan at its post time, that Monday's posts went out at once; this is
    # the next Monday's
    *_, weekly = (r for _, r in recorder.posts if (r.title or "").startswith("Weekly check-in"))
    assert "What did you ship this week?" in weekly.text
    assert weekly.fields[0].value == "1 check-in from 1 member."
    assert weekly.fields[1].value == "1. ana — 10 XP"  # last week's XP leaderboard
    assert [(b.label, b.custom_id) for b in weekly.buttons] == [
        ("Update project", "mlpath:form:project update")
    ]


async def test_the_roadmap_completes_once(
    daily_app: tuple[App, Recorder], clock: ManualClock, catalog: Catalog
) -> None:
    app, recorder = daily_app
    days = len(catalog.roadmap.days)
    start = (clock.now() - timedelta(days=days - 1)).date()
    await app.dispatcher.text(MOD, f"/admin setup #study 09:00 UTC 00:00 {start.isoformat()}")
    clock.advance(timedelta(days=1))
    for _ in range(2):
        await app.services.daily.run_due()
        clock.advance(timedelta(days=1))
    await app.services.delivery.drain()
    assert recorder.titles().count("Roadmap complete 🎓") == 1
    # set up on its last day after the post time: that day went out at once, then only the
    # completion
    assert [t.split(" · ")[0] for t in recorder.titles() if t.startswith("Day ")] == [f"Day {days}"]


async def test_today_and_roadmap(daily_app: tuple[App, Recorder], clock: ManualClock) -> None:
    app, _ = daily_app
    ana = console_actor("ana")
    unset = await app.dispatcher.text(ana, "/today")
    assert "no roadmap start yet" in unset.text
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC 00:00 2026-01-01")
    today = await app.dispatcher.text(ana, "/today")
    assert today.private and today.title and today.title.startswith("Day 5 · ")
    assert today.fields[-1].name == "Today's challenge"
    await app.dispatcher.text(ana, "/checkin")
    roadmap = await app.dispatcher.text(ana, "/roadmap")
    assert roadmap.text == "The group is on Day 5 of 84."
    first = roadmap.fields[0]
    assert "← the group is here" in first.name and first.value.endswith("you checked in on 1 of 14")


async def test_reminders_nudge_only_members_who_have_not_checked_in(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    app, recorder = daily_app
    ana, ben = console_actor("ana"), console_actor("ben")
    assert "at 18:00 (UTC)" in (await app.dispatcher.text(ana, "/remind on 18:00")).text
    await app.dispatcher.text(ben, "/remind on 18:00")
    assert "not a valid reminder time" in (await app.dispatcher.text(ben, "/remind on 6pm")).text
    await app.dispatcher.text(ben, "/checkin")
    clock.set(datetime(2026, 1, 5, 18, 0, tzinfo=UTC))
    await app.services.daily.run_due_reminders()
    await app.services.daily.run_due_reminders()
    await app.services.delivery.drain()
    assert [(ch, r.title) for ch, r in recorder.posts] == [("dm:ana", "Study reminder")]
    await app.dispatcher.text(ana, "/remind off")
    clock.advance(timedelta(days=1))
    await app.services.daily.run_due_reminders()
    await app.services.delivery.drain()
    assert [ch for ch, _ in recorder.posts] == ["dm:ana", "dm:ben"]  # ana turned hers off


async def test_a_seven_day_streak_is_announced_once(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    app, recorder = daily_app
    await app.dispatcher.text(MOD, "/admin setup #study 23:00 UTC")
    ana = console_actor("ana")
    for _ in range(7):
        await app.dispatcher.text(ana, "/checkin")
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=3))  # streak broken, then 7 days again
    for _ in range(7):
        await app.dispatcher.text(ana, "/checkin")
        clock.advance(timedelta(hours=1))
        await app.services.delivery.drain()
        clock.advance(timedelta(hours=23))
    announced = [r for _, r in recorder.posts if r.title == "🔥 7-day streak"]
    assert len(announced) == 1 and announced[0].text.startswith("ana has studied 7 days")
    async with app.uow(write=False) as uow:
        rows = (
            (
                await uow.session.execute(
                    select(OutboxMessage).where(OutboxMessage.kind == "milestone")
                )
            )
            .scalars()
            .all()
        )
    assert [r.key for r in rows] == ["ana:streak-7"]


async def test_a_moved_day_is_posted_at_once_and_exactly_once(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    """The scheduled post holds the study date; after /admin roadmap-day the new day can be
    posted now, once, and the schedule still posts once a day."""
    app, recorder = daily_app
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    await app.services.daily.run_due()
    await app.services.delivery.drain()
    assert [t.split(" · ")[0] for t in recorder.titles()] == ["Day 1", "Daily challenge"]
    moved = await app.dispatcher.text(MOD, "/admin roadmap-day 5")
    assert "now on Day 5" in moved.text
    posting = await app.dispatcher.text(MOD, "/admin post-now daily")
    assert posting.text == "Posting today's daily post to study now."
    again = await app.dispatcher.text(MOD, "/admin post-now daily")
    assert again.text == "Today's daily post has already gone out to study."
    await app.dispatcher.text(MOD, "/admin roadmap-day 1")  # back to the day that went out
    back = await app.dispatcher.text(MOD, "/admin post-now daily")
    assert back.text == "Today's daily post has already gone out to study."
    for _ in range(3):  # ticks and replicas post nothing more today
        await app.services.daily.run_due()
        await app.services.delivery.drain()
    assert [t.split(" · ")[0] for t in recorder.titles()] == ["Day 1", "Daily challenge", "Day 5"]
    await app.dispatcher.text(MOD, "/admin roadmap-day 5")
    clock.set(datetime(2026, 1, 6, 9, 0, tzinfo=UTC))
    for _ in range(2):
        await app.services.daily.run_due()
        await app.services.delivery.drain()
    assert [t.split(" · ")[0] for t in recorder.titles()[3:]] == ["Day 6", "Daily challenge"]
    async with app.uow(write=False) as uow:
        stmt = select(OutboxMessage.key).where(OutboxMessage.kind == "daily")
        keys = sorted((await uow.session.execute(stmt)).scalars())
    assert keys == ["2026-01-05", "2026-01-05/day-5", "2026-01-06"]


async def test_a_day_skipped_after_downtime_can_still_be_posted_now(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    app, recorder = daily_app
    await app.dispatcher.text(MOD, "/admin setup #study 09:30 UTC")  # at 09:00: due today
    clock.set(datetime(2026, 1, 6, 16, 0, tzinfo=UTC))  # down from 09:00 to 16:00 next day
    await app.services.daily.run_due()
    await app.services.delivery.drain()
    assert recorder.titles() == []  # more than 6 hours late: skipped, not sent
    posting = await app.dispatcher.text(MOD, "/admin post-now daily")
    assert posting.text == "Posting today's daily post to study now."
    await app.services.delivery.drain()
    assert [t.split(" · ")[0] for t in recorder.titles()] == ["Day 2"]
    again = await app.dispatcher.text(MOD, "/admin post-now daily")
    assert again.text == "Today's daily post has already gone out to study."


def step_counts(reply_fields: tuple[Field, ...]) -> list[str]:
    """Each step's "you checked in on N of M", in order."""
    return [f.value.split(" · ")[1] for f in reply_fields]


async def test_moving_the_roadmap_day_does_not_move_what_members_studied(
    daily_app: tuple[App, Recorder], clock: ManualClock, catalog: Catalog
) -> None:
    """Issue 13: check-ins stay under the roadmap day they were made on — after
    /admin roadmap-day 50 and then 84 too; a restored day was not studied and counts nowhere."""
    app, _ = daily_app
    ana = console_actor("ana")
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")  # Day 1 is Mon 5 Jan 2026
    for _ in range(2):  # Days 1 and 2
        await app.dispatcher.text(ana, "/checkin")
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=1))  # Day 3 missed, then restored: not a studied day
    restored = await app.dispatcher.text(MOD, "/admin streak-restore ana 1 the bot was down")
    assert "Restored 1 day for ana" in restored.text
    await app.dispatcher.text(ana, "/checkin")  # Day 4
    foundations = len([d for d in catalog.roadmap.days if d.step == 1])
    others = [
        f"you checked in on 0 of {sum(d.step == s.id for d in catalog.roadmap.days)}"
        for s in catalog.roadmap.steps[1:]
    ]
    before = await app.dispatcher.text(ana, "/roadmap")
    assert before.text == "The group is on Day 4 of 84."
    assert step_counts(before.fields) == [f"you checked in on 3 of {foundations}", *others]

    await app.dispatcher.text(MOD, "/admin roadmap-day 50")
    at_50 = await app.dispatcher.text(ana, "/roadmap")
    assert at_50.text == "The group is on Day 50 of 84."
    assert step_counts(at_50.fields) == [f"you checked in on 3 of {foundations}", *others]

    await app.dispatcher.text(MOD, "/admin roadmap-day 84")
    at_84 = await app.dispatcher.text(ana, "/roadmap")
    assert at_84.text == "The group is on Day 84 of 84."
    assert step_counts(at_84.fields) == [f"you checked in on 3 of {foundations}", *others]
    assert "← the group is here" in at_84.fields[-1].name

    clock.advance(timedelta(days=1))
    await app.dispatcher.text(MOD, "/admin roadmap-day 84")  # the last day, a day later
    await app.dispatcher.text(ana, "/checkin")
    last = await app.dispatcher.text(ana, "/roadmap")
    last_step = sum(d.step == catalog.roadmap.steps[-1].id for d in catalog.roadmap.days)
    assert step_counts(last.fields)[0] == f"you checked in on 3 of {foundations}"
    assert step_counts(last.fields)[-1] == f"you checked in on 1 of {last_step}"

    await app.dispatcher.text(MOD, "/admin roadmap-restart")  # Day 1 again: still where it was
    again = await app.dispatcher.text(ana, "/roadmap")
    assert again.text == "The group is on Day 1 of 84."
    assert step_counts(again.fields)[0] == f"you checked in on 3 of {foundations}"
    assert step_counts(again.fields)[-1] == f"you checked in on 1 of {last_step}"
    clock.advance(timedelta(days=1))
    await app.dispatcher.text(ana, "/checkin")  # Day 2 again: a day of the step, counted once
    twice = await app.dispatcher.text(ana, "/roadmap")
    assert step_counts(twice.fields)[0] == f"you checked in on 3 of {foundations}"


async def test_a_check_in_off_the_roadmap_counts_under_no_step(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    """Before /admin setup the group has no roadmap day: a check-in then stays off the steps
    when the roadmap starts later."""
    app, _ = daily_app
    ana = console_actor("ana")
    await app.dispatcher.text(ana, "/checkin")
    clock.advance(timedelta(days=1))
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC 00:00 2026-01-05")
    reply = await app.dispatcher.text(ana, "/roadmap")
    assert reply.text == "The group is on Day 2 of 84."
    assert all(count.startswith("you checked in on 0 of") for count in step_counts(reply.fields))


async def test_day_one_is_never_a_date_before_the_group_existed(
    daily_app: tuple[App, Recorder], clock: ManualClock
) -> None:
    """The group began on Mon 5 Jan 2026 (its first action); on Wed 7 Jan Day 3 started then,
    and Day 4 or Day 50 would have started before it: the reply names no such date."""
    app, _ = daily_app
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    clock.advance(timedelta(days=2))
    day_3 = await app.dispatcher.text(MOD, "/admin roadmap-day 3")
    assert day_3.text == "The group is now on Day 3 (Day 1 was Mon 5 Jan 2026)."
    for day in (4, 50):
        moved = await app.dispatcher.text(MOD, f"/admin roadmap-day {day}")
        assert moved.text == (
            f"The group is now on Day {day}. Check-ins already made stay on the roadmap days "
            "they were made on."
        )


async def test_the_daily_challenge_asks_about_the_days_topics(
    daily_app: tuple[App, Recorder], clock: ManualClock, catalog: Catalog
) -> None:
    app, recorder = daily_app
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    for _ in range(3):  # Days 1-3, through the sweep's batched path and the general one
        await app.services.daily.run_due()
        clock.advance(timedelta(days=1))
    await app.services.delivery.drain()
    async with app.uow(write=False) as uow:
        found = await uow.communities.get("console", "local")
        assert found is not None
        chosen = [
            (await uow.quiz.challenge(found.id, day))
            for day in (date(2026, 1, d) for d in (5, 6, 7))
        ]
    for n, challenge in enumerate(chosen, 1):
        assert challenge is not None
        topic = catalog.topic_of[challenge.question_id]
        assert topic in catalog.roadmap.days[n - 1].topics, (n, topic)
