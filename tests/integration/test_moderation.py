"""Moderation and members' data rights, through the real services (SQLite and Postgres)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.db.models import AuditEntry
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder

MOD, ANA, BEN = console_actor("mod"), console_actor("ana"), console_actor("ben")
DATA_TABLES = (
    "communities",
    "members",
    "checkins",
    "xp_events",
    "outbox",
    "quiz_answers",
    "projects",
    "milestones",
    "member_periods",
    "custom_questions",
    "ladder_roles",
    "quiz_disabled",
    "pair_signups",
    "pair_settings",
    "pair_rounds",
    "pair_matches",
)
ONE_QUESTION = (
    "{topic: numpy, name: NumPy, questions: [{id: numpy-901, difficulty: 1, step: 2, "
    'stem: "What does np.arange(3) return?", choices: ["array([0, 1, 2])", "[0, 1, 2]"], '
    'answer: 1, explanation: "np.arange counts from 0 up to, not including, 3 and returns '
    'an ndarray, not a list."}]}'
)

# Every /admin command with valid arguments: a moderator may run each, a member none.
ADMIN_COMMANDS = [
    "/admin setup #study 09:00 UTC",
    "/admin pause",
    "/admin resume",
    "/admin post-now daily",
    "/admin roadmap-day 3",
    "/admin roadmap-restart",
    "/admin xp ben 25 helped everyone with numpy",
    "/admin streak-restore ben 1 the bot was down",
    "/admin mods add ben",
    "/admin mods remove ben",
    "/admin mods list",
    "/admin audit",
    "/admin export csv",
    "/admin stats",
    "/admin quiz disable numpy-001",
    '/admin quiz add numpy 1 2 "Which attribute holds the shape of an array a?" '
    '"len(a) | a.shape | a.size" a.shape is one length per axis; len(a) is only the first axis',
    f"/admin quiz import {ONE_QUESTION}",
    "/admin ladder-roles foundations-learner Learners",
    "/admin ladder-roles",
    "/admin project reject mod sandbox only a test of the command",
    "/admin pair now",
    "/admin pair pause",
    "/admin pair resume",
    "/admin compete open churn 7",
    "/admin compete close",
    "/admin dashboard",
    "/admin dashboard public on",
]


def test_the_matrix_covers_every_moderator_command(app: App) -> None:
    moderated = {c.name for c in app.dispatcher.commands.commands if c.moderator}
    covered = {" ".join(c.split()[:3]).removeprefix("/") for c in ADMIN_COMMANDS}
    covered |= {" ".join(c.split()[:2]).removeprefix("/") for c in ADMIN_COMMANDS}
    assert moderated <= covered, moderated - covered


@pytest.fixture
async def app(db_url: str, clock: ManualClock, catalog: Catalog) -> AsyncIterator[App]:
    built = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    built.publishers.register("console", Recorder())
    await built.services.community.open_console(MOD)
    await built.dispatcher.text(MOD, "/me show")  # the first member: a moderator
    await built.dispatcher.text(MOD, "/project add Sandbox")  # something to reject
    await built.dispatcher.text(BEN, "/checkin")
    clock.advance(timedelta(days=2))  # Ben missed a day: something to restore
    yield built
    await built.aclose()


async def snapshot(app: App) -> dict[str, list[Any]]:
    async with app.uow(write=False) as uow:
        out = {}
        for table in DATA_TABLES:
            rows = (await uow.session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))).all()
            out[table] = [tuple(str(v) for v in row) for row in rows]
    return out


async def audit_rows(app: App) -> list[tuple[str, str, str]]:
    async with app.uow(write=False) as uow:
        rows = (await uow.session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(a.actor_user_id, a.action, a.outcome) for a in rows]


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_members_are_refused_every_admin_command_and_nothing_changes(
    app: App, command: str
) -> None:
    before = await snapshot(app)
    reply = await app.dispatcher.text(ANA, command)
    assert reply.private and "is for moderators of this community" in reply.text
    after = await snapshot(app)
    ana_rows = [r for r in after["members"] if "ana" in r]
    after["members"] = [r for r in after["members"] if "ana" not in r]
    assert after == before and len(ana_rows) == 1  # only Ana's own enrolment appeared
    assert (await audit_rows(app))[-1][:1] == ("ana",)
    assert (await audit_rows(app))[-1][2] == "refused"


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_moderators_may_run_every_admin_command_and_it_is_audited(
    app: App, command: str
) -> None:
    reply = await app.dispatcher.text(MOD, command)
    assert reply.private and "for moderators" not in reply.text and not reply.is_error, reply.text
    actor, action, outcome = (await audit_rows(app))[-1]
    assert (actor, outcome) == ("mod", "ok")
    assert command.removeprefix("/admin ").startswith(action.split(" ")[0])


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/admin xp ben 25", "needs reason"),
        ("/admin xp ben lots thanks", "amount must be a whole number"),
        ("/admin xp ben 5000 thanks", "amount must be between -1000 and 1000"),
        ("/admin xp nobody 5 thanks", "nobody has not used mlpath"),
        ("/admin streak-restore ben 0 outage", "days must be between 1 and 14"),
        ("/admin streak-restore mod 1 outage", "has no check-ins"),
        ("/admin roadmap-day 85", "day must be between 1 and 84."),
        ("/admin roadmap-day two", "day must be a whole number"),
        ("/admin mods add", "needs a member"),
        ("/admin mods remove mod", "cannot remove yourself"),
        ("/admin mods promote ben", "change must be one of: add, remove, list"),
        ("/admin export xml", "format must be one of: json, csv"),
        ("/admin xp ben 5 " + "x" * 201, "Keep the reason to 200 characters"),
        ('/admin quiz add astrology 1 1 "Stem of ten+" "a | b" ' + "e" * 40, "not a quiz topic"),
        ('/admin quiz add numpy 1 3 "What is this question?" "a | b" ' + "e" * 40, "answer"),
        (
            '/admin quiz add numpy 5 1 "What is this question?" "a | b" ' + "e" * 40,
            "difficulty must be one of: easy, medium, hard, senior (or 1, 2, 3, 4).",
        ),
        ('/admin quiz add numpy 1 1 "What is this question?" "a | a" ' + "e" * 40, "different"),
        ('/admin quiz add numpy 1 1 "What is this question?" "a | b" too short', "explanation"),
        ("/admin ladder-roles wizard Learners", "level must be one of"),
        ("/admin ladder-roles aspiring-learner Learners", "level must be one of"),
        ("/admin ladder-roles role:Learners", "Name the level the role is for"),
        ("/admin ladder-roles ml-engineer " + "r" * 65, "up to 64 characters"),
        ("/admin quiz disable c99-numpy-001", "There is no question"),
    ],
)
async def test_bad_admin_input_is_one_private_line_and_changes_nothing(
    app: App, command: str, expected: str
) -> None:
    before, audits = await snapshot(app), await audit_rows(app)
    reply = await app.dispatcher.text(MOD, command)
    assert expected in reply.text and reply.private and "\n" not in reply.text, reply.text
    assert await snapshot(app) == before and await audit_rows(app) == audits


async def test_xp_and_streak_restore_are_recorded_in_history_and_audit(app: App) -> None:
    await app.dispatcher.text(MOD, "/admin xp ben 25 ran the study session")
    restored = await app.dispatcher.text(MOD, "/admin streak-restore ben 1 the bot was down")
    assert "Restored 1 day for ben" in restored.text and "streak is 2 days" in restored.text
    export = await app.dispatcher.text(BEN, "/me export")
    assert export.attachment is not None
    ben = json.loads(export.attachment.data)["members"][0]
    assert ben["xp"] == 35 and [c["kind"] for c in ben["checkins"]] == ["checkin", "restore"]
    assert ben["streak"]["current"] == 2  # alive again: yesterday is now credited
    log = await app.dispatcher.text(MOD, "/admin audit")
    reasons = [f.value for f in log.fields]
    assert any("the bot was down" in r for r in reasons)
    assert any("ran the study session" in r for r in reasons)


async def test_mods_add_gives_the_power_and_remove_takes_it(app: App) -> None:
    assert "for moderators" in (await app.dispatcher.text(BEN, "/admin audit")).text
    await app.dispatcher.text(MOD, "/admin mods add ben")
    assert (await app.dispatcher.text(BEN, "/admin audit")).title == "Audit log"
    listed = await app.dispatcher.text(MOD, "/admin mods list")
    assert "ben" in listed.text and "mod" in listed.text
    await app.dispatcher.text(MOD, "/admin mods remove ben")
    assert "for moderators" in (await app.dispatcher.text(BEN, "/admin audit")).text


async def test_me_hide_and_show(app: App) -> None:
    assert "hidden from leaderboards" in (await app.dispatcher.text(BEN, "/me hide")).text
    csv_reply = await app.dispatcher.text(MOD, "/admin export json")
    assert csv_reply.attachment is not None
    members = json.loads(csv_reply.attachment.data)["members"]
    assert next(m for m in members if m["id"] == "ben")["hidden"] is True
    assert "shown on leaderboards" in (await app.dispatcher.text(BEN, "/me show")).text


async def test_me_delete_needs_confirmation_and_erases_everything_personal(
    app: App, clock: ManualClock
) -> None:
    await app.dispatcher.text(BEN, "/checkin my private note")
    await app.dispatcher.text(MOD, "/admin xp ben 5 thanks")
    ask = await app.dispatcher.text(BEN, "/me delete")
    assert [b.label for b in ask.buttons] == ["Delete everything", "Keep my data"]
    delete, keep = (b.custom_id for b in ask.buttons)
    assert "Nothing was deleted" in (await app.dispatcher.press(BEN, keep)).text
    assert "someone else's data" in (await app.dispatcher.press(ANA, delete)).text
    before = await snapshot(app)
    assert any("my private note" in str(r) for r in before["checkins"])
    erased = await app.dispatcher.press(BEN, delete)
    assert "erased" in erased.text
    after = await snapshot(app)
    flat = json.dumps(after)
    assert "my private note" not in flat and "'ben'" not in flat
    assert not any(r for r in after["members"] if "ben" in r)
    assert all("ben" not in str(row) for row in await audit_rows(app))
    async with app.uow(write=False) as uow:
        details = [a.detail for a in (await uow.session.execute(select(AuditEntry))).scalars()]
    assert "ben" not in json.dumps(details)
    again = await app.dispatcher.text(BEN, "/me delete")
    clock.advance(timedelta(minutes=11))
    late = await app.dispatcher.press(BEN, again.buttons[0].custom_id)
    assert "expired" in late.text


async def test_stats_show_activity_a_chart_and_quiz_accuracy(app: App) -> None:
    await app.dispatcher.text(ANA, "/checkin")
    asked = await app.dispatcher.text(ANA, "/quiz numpy")
    await app.dispatcher.press(ANA, asked.buttons[0].custom_id)
    stats = await app.dispatcher.text(MOD, "/admin stats")
    fields = {f.name: f.value for f in stats.fields}
    assert fields["Active members, 7 days"] == "2"  # Ana today, Ben two days ago
    assert fields["Active members, 30 days"] == "2"
    assert fields["Quiz accuracy by topic"].startswith("NumPy: ")
    assert "2 check-ins in the last 30 days" in stats.text
    assert stats.attachment is not None and stats.attachment.data.startswith(b"\x89PNG")


async def test_a_disabled_question_is_never_asked_again_until_put_back(app: App) -> None:
    numpy_ids = sorted(q for q, t in app.catalog.topic_of.items() if t == "numpy")
    keep = numpy_ids[0]
    for question_id in numpy_ids[1:]:
        reply = await app.dispatcher.text(MOD, f"/admin quiz disable {question_id}")
        assert "out of this group's quizzes" in reply.text
    asked = {(await app.dispatcher.text(ANA, "/quiz numpy")).text for _ in range(3)}
    assert asked == {app.catalog.questions[keep].stem}
    again = await app.dispatcher.text(MOD, f"/admin quiz disable {numpy_ids[1]}")
    assert "already out of" in again.text
    back = await app.dispatcher.text(MOD, f"/admin quiz disable {numpy_ids[1]} undo")
    assert "back in this group's quizzes" in back.text
    missing = await app.dispatcher.text(MOD, "/admin quiz disable numpy-999")
    assert "There is no question `numpy-999`" in missing.text


async def test_setting_up_again_keeps_the_groups_day(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC 00:00 2026-01-01")
    again = await app.dispatcher.text(MOD, "/admin setup #study 18:00 UTC")
    assert "The group is on Day 7 of 84" in again.text  # 7 Jan: still Day 7, not Day 1


async def test_a_first_setup_east_of_utc_starts_on_day_one(app: App, clock: ManualClock) -> None:
    clock.set(clock.now().replace(hour=20))  # 20:00 UTC is already tomorrow in Tokyo
    owner = console_actor("owner", community="fresh")  # a group with no start date yet
    await app.dispatcher.text(owner, "/streak")
    reply = await app.dispatcher.text(owner, "/admin setup #study 09:00 Asia/Tokyo")
    assert "The group is on Day 1 of 84" in reply.text


async def test_concurrent_xp_is_never_lost(app: App) -> None:
    grants = [app.dispatcher.text(MOD, f"/admin xp ben {n} bonus {n}") for n in range(1, 6)]
    await asyncio.gather(*grants, app.dispatcher.text(BEN, "/checkin"))
    async with app.uow(write=False) as uow:
        member = await uow.members.get((await community(app)).id, "ben")
        assert member is not None
        assert member.xp == await uow.xp.total(member.id) == 10 + 15 + 10


async def test_me_delete_leaves_no_reminder_or_round_trace(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 UTC")
    await app.dispatcher.text(BEN, "/remind on 20:00")
    await app.dispatcher.text(BEN, "/quiz round 1 5")
    clock.set(clock.now().replace(hour=20, minute=1))
    await app.services.daily.run_due_reminders()
    await app.services.delivery.drain()
    ask = await app.dispatcher.text(BEN, "/me delete")
    await app.dispatcher.press(BEN, ask.buttons[0].custom_id)
    flat = json.dumps(await snapshot(app)) + json.dumps(await table(app, "quiz_rounds"))
    assert "ben" not in flat


async def community(app: App) -> Any:
    async with app.uow(write=False) as uow:
        return await uow.communities.get("console", "local")


async def table(app: App, name: str) -> list[tuple[str, ...]]:
    async with app.uow(write=False) as uow:
        rows = (await uow.session.execute(text(f"SELECT * FROM {name}"))).all()
    return [tuple(str(v) for v in row) for row in rows]


async def test_a_streak_broken_by_an_outage_is_reconnected_after_the_next_check_in(
    app: App, clock: ManualClock
) -> None:
    ana = console_actor("ana")
    for _ in range(3):  # 7, 8, 9 Jan
        await app.dispatcher.text(ana, "/checkin")
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=2))  # the bot was down on 10 and 11 Jan
    restarted = await app.dispatcher.text(ana, "/checkin")  # 12 Jan: "streak starts again"
    assert "starts again" in restarted.text
    short = await app.dispatcher.text(MOD, "/admin streak-restore ana 1 outage")
    assert "missed 2 days" in short.text and "restore 2 days" in short.text
    done = await app.dispatcher.text(MOD, "/admin streak-restore ana 2 outage")
    assert "Restored 2 days for ana" in done.text and "streak is 6 days" in done.text
    reply = await app.dispatcher.text(ana, "/streak")
    assert any(f.name == "Current" and f.value == "6 days" for f in reply.fields)
    export = await app.dispatcher.text(ana, "/me export")
    assert export.attachment is not None
    member = json.loads(export.attachment.data)["members"][0]
    kinds = [(c["study_day"][-2:], c["kind"]) for c in member["checkins"]]
    assert kinds == [
        ("07", "checkin"),
        ("08", "checkin"),
        ("09", "checkin"),
        ("10", "restore"),
        ("11", "restore"),
        ("12", "checkin"),
    ]


async def test_a_flood_of_refused_attempts_hides_no_moderator_action(
    app: App, clock: ManualClock
) -> None:
    await app.dispatcher.text(MOD, "/admin xp ben 25 ran the study session")
    for _ in range(15):  # any member can try, as often as they like
        await app.dispatcher.text(ANA, "/admin audit")
        await app.dispatcher.text(ANA, "/admin xp ana 1000 me")
    actions = await app.dispatcher.text(MOD, "/admin audit actions")
    assert [(f.name, f.value) for f in actions.fields] == [
        ("Wed 7 Jan 2026 09:00 · xp", "by mod: ben, +25 XP — ran the study session")
    ]
    assert actions.text == "Moderator actions, newest first: 1–1 of 1. Times in UTC."
    refused = await app.dispatcher.text(MOD, "/admin audit refused")
    assert [(f.name, f.value) for f in refused.fields] == [
        ("Wed 7 Jan 2026 09:00 · xp · refused (15 attempts)", "by ana"),
        ("Wed 7 Jan 2026 09:00 · audit · refused (15 attempts)", "by ana"),
    ]
    clock.advance(timedelta(seconds=61))  # a minute on, the next attempt is a new entry
    await app.dispatcher.text(ANA, "/admin audit")
    refused = await app.dispatcher.text(MOD, "/admin audit refused")
    assert refused.fields[0].name == "Wed 7 Jan 2026 09:01 · audit · refused"
    assert len(refused.fields) == 3


async def test_the_audit_log_pages_filters_by_member_and_shows_local_times(
    app: App, clock: ManualClock
) -> None:
    await app.dispatcher.text(MOD, "/admin setup #study 09:00 Asia/Kolkata")
    await app.dispatcher.text(ANA, "/checkin")
    for n in range(1, 12):
        clock.advance(timedelta(minutes=1))
        who = "ana" if n % 2 else "ben"
        await app.dispatcher.text(MOD, f"/admin xp {who} {n} bonus {n}")
    await app.dispatcher.text(MOD, "/admin quiz disable numpy-001")
    first = await app.dispatcher.text(MOD, "/admin audit actions")
    assert first.text == (
        "Moderator actions, newest first: 1–10 of 13. Times in Asia/Kolkata. Older ones: page:2."
    )
    assert [(f.name, f.value) for f in first.fields[:2]] == [
        ("Wed 7 Jan 2026 14:41 · quiz disable", "by mod: numpy-001"),
        ("Wed 7 Jan 2026 14:41 · xp", "by mod: ana, +11 XP — bonus 11"),
    ]
    second = await app.dispatcher.text(MOD, "/admin audit actions page:2")
    assert second.text == "Moderator actions, newest first: 11–13 of 13. Times in Asia/Kolkata."
    assert [f.name for f in second.fields] == [
        "Wed 7 Jan 2026 14:32 · xp",
        "Wed 7 Jan 2026 14:31 · xp",
        "Wed 7 Jan 2026 14:30 · setup",
    ]
    assert second.fields[2].value == "by mod: #study at 09:00 Asia/Kolkata"
    ben = await app.dispatcher.text(MOD, "/admin audit actions ben")
    assert ben.text.startswith("Moderator actions by or about ben, newest first: 1–5 of 5.")
    assert all(f.value.startswith("by mod: ben, +") for f in ben.fields)
    beyond = await app.dispatcher.text(MOD, "/admin audit actions page:3")
    assert beyond.text == "Moderator actions: page 3, but there are only 2 pages."
    views = await app.dispatcher.text(MOD, "/admin audit all mod 1")  # the reads are logged
    assert views.fields[0].value == "by mod: actions, page 3"
