"""`/me delete` leaves nothing behind (issue 12, item 4): every text and JSON column of every
table is searched for the member's id, name and notes, and looking enrols no one again. On
SQLite and Postgres, through the console door."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, select

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import Base, OutboxMessage
from bot.platforms.console.clockwork import ManualSleeper
from bot.replies import Reply
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder, button, question_of

MOD = console_actor("mod")
ZQ = Actor("console", "local", "u-zorblax", "Zorblax Quint", "local", "study-group")
NOTE, ABOUT = "my-private-note-4471", "secret-description-9912"
NEEDLES = ("zorblax", NOTE, ABOUT)  # the id, the name (and the project's), what they wrote
QUESTION = (
    '/admin quiz add numpy 1 2 "Which attribute holds the shape of an array a?" '
    '"len(a) | a.shape | a.size" a.shape is one length per axis; len(a) is only the first axis'
)


async def traces(app: App, needles: tuple[str, ...] = NEEDLES) -> list[str]:
    """Every text or JSON value, in every table, holding one of ``needles`` (any case)."""
    found = []
    async with app.uow(write=False) as uow:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | JSON)]
            if not columns:
                continue
            for row in (await uow.session.execute(select(*columns))).all():
                for column, value in zip(columns, row, strict=True):
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    if any(n.lower() in text.lower() for n in needles):
                        found.append(f"{table.name}.{column.name}: {text[:160]}")
    return found


async def erase(app: App, actor: Actor) -> None:
    ask = await app.dispatcher.text(actor, "/me delete")
    done = await app.dispatcher.press(actor, ask.buttons[0].custom_id)
    assert "is erased" in done.text, done.text


async def say(app: App, actor: Actor, command: str) -> Reply:
    reply = await app.dispatcher.text(actor, command)
    assert reply.error_id is None and "for moderators" not in reply.text, reply.text
    return reply


async def play_a_round(app: App, sleeper: ManualSleeper, clock: ManualClock, recorder: Any) -> None:
    """Zorblax starts a one-question round and answers it right: the standings name them."""
    await say(app, ZQ, "/quiz round 1 5")
    await sleeper.settle(app.background)
    _, asked = recorder.posts[-1]
    await app.dispatcher.press(ZQ, button(asked, True, question_of(app, asked)))
    clock.advance(timedelta(seconds=6))
    await sleeper.settle(app.background)
    await app.services.delivery.drain()
    final = next(r for _, r in reversed(recorder.posts) if r.title == "Round over — final scores")
    assert "Zorblax Quint" in final.fields[0].value  # sent, with the name


async def test_after_me_delete_no_table_holds_the_member(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, sleeper, recorder = quiz_app
    await say(app, MOD, "/me show")  # the first console member moderates
    await say(app, MOD, "/admin setup #study 10:00 UTC 00:00 2026-01-05")
    await say(app, ZQ, f"/checkin {NOTE}")
    await say(app, ZQ, "/timezone Europe/Berlin")
    await say(app, ZQ, "/remind on 20:00")
    await say(app, ZQ, f'/project add "Zorblax Rocket" https://example.com/u-zorblax {ABOUT}')
    await say(app, ZQ, "/project update zorblax first flight status:building")
    await say(app, ZQ, "/project ship zorblax")
    asked = await say(app, ZQ, "/quiz numpy")
    await app.dispatcher.press(ZQ, button(asked, False, question_of(app, asked)))
    await app.dispatcher.text(ZQ, "/admin pause")  # refused, and audited with their id
    await say(app, MOD, "/admin mods add u-zorblax")
    await say(app, ZQ, QUESTION)  # custom_questions.created_by
    await say(app, MOD, "/admin xp u-zorblax 5 thanks zorblax quint (u-zorblax) for the help")
    await play_a_round(app, sleeper, clock, recorder)
    before = {t.split(":")[0] for t in await traces(app)}
    assert {  # the member is all over the database
        "members.user_id",
        "checkins.note",
        "projects.description",
        "audit_log.actor_user_id",
        "audit_log.detail",
        "audit_log.reason",
        "outbox.payload",
        "quiz_rounds.started_by",
        "custom_questions.created_by",
    } <= before, before

    await erase(app, ZQ)
    assert await traces(app) == []


async def test_a_pending_weekly_post_is_delivered_without_the_erased_member(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, recorder = quiz_app
    await say(app, MOD, "/me show")
    await say(app, MOD, "/admin setup #study 10:00 UTC 00:00 2026-01-05")
    await say(app, ZQ, "/checkin")
    await say(app, MOD, "/checkin")
    await say(app, ZQ, '/project add "Zorblax Rocket"')  # ahead of mod on the board
    clock.set(datetime(2026, 1, 12, 10, 0, 30, tzinfo=UTC))  # Monday of week 2: the recap
    await app.services.daily.run_due()
    async with app.uow(write=False) as uow:
        rows = (await uow.session.execute(select(OutboxMessage))).scalars().all()
        weekly = next(r for r in rows if r.kind == "weekly")
        assert weekly.status == "pending" and "Zorblax Quint" in json.dumps(weekly.payload)

    await erase(app, ZQ)
    await app.services.delivery.drain()
    posted = next(r for _, r in recorder.posts if (r.title or "").startswith("Weekly check-in"))
    board = next(f.value for f in posted.fields if f.name == "Leaderboard (XP)")
    assert board == "1. a former member — 30 XP\n2. mod — 10 XP"
    assert "zorblax" not in json.dumps([posted.text, posted.title, board]).lower()


async def test_looking_after_a_delete_enrols_no_one_until_the_members_own_action(
    app: App,
) -> None:
    await say(app, MOD, "/me show")
    await say(app, ZQ, f"/checkin {NOTE}")
    await erase(app, ZQ)
    looks = ("/streak", "/today", "/roadmap", "/timezone", "/ladder", "/profile", "/leaderboard")
    for command in (*looks, "/quiz topics", "/quiz review", "/project list", "/me export"):
        reply = await app.dispatcher.text(ZQ, command)
        assert reply.error_id is None, (command, reply.text)
    assert (
        await app.dispatcher.text(ZQ, "/streak")
    ).text == "You have not checked in for today yet."
    assert (await app.dispatcher.text(ZQ, "/me export")).text == (
        "There is nothing stored about you in this community."
    )
    for command in (
        "/admin xp u-zorblax 5 thanks",
        "/streak u-zorblax",
        '/profile "Zorblax Quint"',
    ):
        reply = await app.dispatcher.text(MOD, command)
        assert reply.text.endswith("has not used mlpath in this community yet."), reply.text
    assert await traces(app) == []

    again = await app.dispatcher.text(ZQ, "/checkin back again")  # their own action
    assert again.text.startswith("Checked in for")
    assert await traces(app, ("u-zorblax",))  # enrolled anew, with nothing from before
    assert await traces(app, (NOTE,)) == []
