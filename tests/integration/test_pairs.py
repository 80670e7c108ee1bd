"""Study pairs through the commands and the scheduled round, on SQLite and Postgres."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import func, select

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.db.models import PairMatch, PairSignup, XpEvent
from bot.platforms.console.clockwork import ManualSleeper
from bot.replies import Reply
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder

QuizApp = tuple[App, ManualSleeper, Recorder]


async def say(app: App, who: str, text: str) -> Reply:
    return await app.dispatcher.text(console_actor(who), text)


async def press(app: App, who: str, reply: Reply, label: str) -> Reply:
    button = next(b for b in reply.buttons if b.label == label)
    return await app.dispatcher.press(console_actor(who), button.custom_id)


def shown(reply: Reply) -> str:
    return "\n".join(
        [reply.title or "", reply.text, *(f"{f.name}: {f.value}" for f in reply.fields)]
    )


async def join(app: App, *names: str, cadence: str = "") -> None:
    for name in names:
        reply = await say(app, name, f"/pair join {cadence}".strip())
        assert "You are in the study pairs" in reply.text, reply.text


def intros(recorder: Recorder) -> list[tuple[str, Reply]]:
    return [(c, r) for c, r in recorder.posts if r.title == "🤝 Your study pair"]


async def round_now_due(app: App, recorder: Recorder) -> list[list[str]]:
    """Hold the round due now and deliver it: the groups the introductions went to."""
    before = len(intros(recorder))
    await app.services.pairs.rounds.run_due()
    await app.services.delivery.drain()
    return [c.removeprefix("group:").split(",") for c, _ in intros(recorder)[before:]]


async def test_join_leave_and_status_say_what_they_did(quiz_app: QuizApp) -> None:
    app, _, _ = quiz_app
    joined = await say(app, "ana", "/pair join biweekly")
    assert "every other Monday" in joined.text and "Mon 12 Jan 09:00 (UTC)" in joined.text
    status = await say(app, "ana", "/pair status")
    assert "You are in the study pairs (biweekly). Next round: Mon 12 Jan" in status.text
    assert "No round with you yet." in shown(status)

    bad = await say(app, "ana", "/pair join fortnightly")
    assert bad.text == "cadence must be one of: weekly, biweekly." and not bad.buttons

    assert "You left the study pairs" in (await say(app, "ana", "/pair leave")).text
    assert "You are not in the study pairs" in (await say(app, "ana", "/pair leave")).text

    await say(app, "ben", "/me hide")
    hidden = await say(app, "ben", "/pair join")
    assert "hidden members are never paired" in hidden.text
    async with app.uow(write=False) as uow:
        assert await uow.session.scalar(select(func.count()).select_from(PairSignup)) == 0

    refused = await say(app, "ben", "/admin pair now")
    assert refused.text == "/admin pair now is for moderators of this community."


async def test_the_monday_round_is_held_once_even_with_a_replica(
    quiz_app: QuizApp, db_url: str, clock: ManualClock
) -> None:
    app, _, recorder = quiz_app
    await say(app, "ana", "/timezone Europe/Berlin")
    await say(app, "ben", "/timezone Asia/Kolkata")
    await join(app, "ana", "ben", "cy", "dan")
    replica = build(Settings(database_url=db_url), clock=clock, catalog=app.catalog)
    try:  # Mon 09:00 UTC: both processes find the round due at once; two pairs, queued once
        both = await asyncio.gather(
            app.services.pairs.rounds.run_due(), replica.services.pairs.rounds.run_due()
        )
        assert sorted(both) == [0, 2]
        assert await replica.services.pairs.rounds.run_due() == 0
    finally:
        await replica.aclose()
    assert await app.services.pairs.rounds.run_due() == 0
    await app.services.delivery.drain()
    sent = intros(recorder)
    assert len(sent) == 2
    channels = sorted(c for c, _ in sent)
    members = sorted(m for c in channels for m in c.removeprefix("group:").split(","))
    assert members == ["ana", "ben", "cy", "dan"]
    text = shown(sent[0][1])
    assert "you are study partners this week" in text
    assert "Agenda, 30 minutes" in text and "Day 1" in text
    assert "A strong answer covers:" in text and "Follow-up:" in text
    status = await say(app, "ana", "/pair status")
    assert "Current partner" in shown(status)


async def test_biweekly_on_hold_hidden_and_paused_sit_out(
    quiz_app: QuizApp, clock: ManualClock
) -> None:
    app, _, recorder = quiz_app
    await join(app, "ana", "ben", "dan", "eve")
    await join(app, "cy", cadence="biweekly")
    await say(app, "dan", "/checkin")
    paused = await say(app, "dan", "/me pause 3")
    assert "on hold" in paused.text, paused.text
    await say(app, "eve", "/me hide")
    assert await round_now_due(app, recorder) == [["ana", "ben", "cy"]]  # one trio

    clock.advance(timedelta(days=7))
    (group,) = await round_now_due(app, recorder)
    assert sorted(group) == ["ana", "ben", "dan"], "cy sits this one out"

    await say(app, "ana", "/admin pair pause")
    clock.advance(timedelta(days=7))
    assert await app.services.pairs.rounds.run_due() == 0
    await say(app, "ana", "/admin pair resume")
    now = await say(app, "ana", "/admin pair now")
    assert now.title == "Study pairs · round 3" and "2 groups from 5 who joined" in now.text


async def test_did_you_meet_on_thursday_and_xp_once(quiz_app: QuizApp, clock: ManualClock) -> None:
    app, _, recorder = quiz_app
    await join(app, "ana", "ben")
    await app.services.pairs.rounds.run_due()
    clock.advance(timedelta(days=3))  # Thursday 09:00
    assert await app.services.pairs.rounds.run_due() == 2
    assert await app.services.pairs.rounds.run_due() == 0
    await app.services.delivery.drain()
    asked = {c: r for c, r in recorder.posts if r.title == "Did you meet?"}
    assert set(asked) == {"dm:ana", "dm:ben"}
    assert "Did you meet ben this week?" in asked["dm:ana"].text

    stranger = await press(app, "cy", asked["dm:ana"], "Yes")
    assert stranger.text == "That question is about a round you were not in."
    first = await press(app, "ana", asked["dm:ana"], "Yes")
    assert "When your partner says yes too" in first.text
    second = await press(app, "ben", asked["dm:ben"], "Yes")
    assert second.text.startswith("You met: +20 XP")
    again = await press(app, "ben", asked["dm:ben"], "Yes")
    assert "already given" in again.text
    async with app.uow(write=False) as uow:
        rows = (await uow.session.execute(select(XpEvent).where(XpEvent.reason == "pair"))).all()
    assert len(rows) == 2, "20 XP each, once"

    stats = await say(app, "ana", "/admin stats")
    rate = next(f.value for f in stats.fields if f.name == "Study pairs who met")
    assert rate == "1 of 1 groups met (100%), last 1 rounds."


async def test_export_has_the_pairs_and_delete_removes_them(quiz_app: QuizApp) -> None:
    app, _, _ = quiz_app
    await join(app, "ana", "ben")
    await app.services.pairs.rounds.run_due()
    export = await say(app, "ana", "/me export")
    assert export.attachment is not None
    pairs = json.loads(export.attachment.data)["members"][0]["pairs"]
    assert pairs["joined"] and pairs["cadence"] == "weekly"
    assert pairs["rounds"][0]["partners"] == ["ben"] and pairs["rounds"][0]["met"] is None

    ask = await say(app, "ana", "/me delete")
    await press(app, "ana", ask, "Delete everything")
    async with app.uow(write=False) as uow:
        left = await uow.session.scalar(select(func.count()).select_from(PairMatch))
        signups = await uow.session.scalar(select(func.count()).select_from(PairSignup))
    assert (left, signups) == (1, 1), "only ben's place and sign-up stay"
    assert "ana" not in shown(await say(app, "ben", "/pair status"))
