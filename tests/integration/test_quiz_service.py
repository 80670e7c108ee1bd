"""Quizzes through the real services and database, on SQLite and Postgres."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.console.clockwork import ManualSleeper
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.ports import DeliveryFailed
from tests.helpers import console_actor


class Recorder:
    """A publisher that keeps what was posted to channels."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, Reply]] = []

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        self.posts.append((channel_id, reply))
        return str(len(self.posts))

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        return await self.post(community_id, f"dm:{user_id}", reply)

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        return channel_id != "missing"

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        return await self.post(community_id, f"role:{role_id}:{user_id}", Reply(reason))

    def titles(self) -> list[str]:
        return [reply.title or "" for _, reply in self.posts]


def question_of(app: App, reply: Reply) -> Any:
    return next(q for q in app.catalog.questions.values() if q.stem == reply.text)


def button(reply: Reply, correct: bool, question: Any) -> str:
    """The button showing the right (or a wrong) answer, found by its text: choices are
    shuffled, so positions say nothing."""
    for b in reply.buttons:
        if (b.label == question.correct) == correct:
            return b.custom_id
    raise AssertionError("no such button")


async def export(app: App, actor: Actor) -> dict[str, Any]:
    reply = await app.dispatcher.text(actor, "/me export")
    assert reply.attachment is not None
    member: dict[str, Any] = json.loads(reply.attachment.data)["members"][0]
    return member


async def test_practice_answer_reveals_explanation_and_counts_once(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    asked = await app.dispatcher.text(ana, "/quiz numpy 2")
    question = question_of(app, asked)
    assert asked.private and app.catalog.topic_of[question.id] == "numpy"
    assert question.difficulty == 2
    assert sorted(b.label for b in asked.buttons) == sorted(question.choices)
    right = await app.dispatcher.press(ana, button(asked, True, question))
    assert "Correct" in right.text and "+5 XP" in right.text
    assert question.explanation in right.text
    again = await app.dispatcher.press(ana, button(asked, True, question))
    assert "already answered" in again.text
    other = await app.dispatcher.press(console_actor("ben"), button(asked, True, question))
    assert "someone else's" in other.text
    member = await export(app, ana)
    assert member["xp"] == 5 and member["quiz"] == {
        "answered": 1,
        "correct": 1,
        "mastered_topics": [],
    }


async def test_a_senior_topic_is_practised_like_any_other(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    asked = await app.dispatcher.text(ana, "/quiz ml-system-design")
    question = question_of(app, asked)
    assert app.catalog.topic_of[question.id] == "ml-system-design" and question.difficulty == 4
    assert asked.private and asked.title == "ML system design · senior"
    right = await app.dispatcher.press(ana, button(asked, True, question))
    assert "Correct" in right.text and "+5 XP" in right.text
    senior = question_of(app, await app.dispatcher.text(ana, "/quiz difficulty:4"))
    assert senior.difficulty == 4 and app.catalog.topics[app.catalog.topic_of[senior.id]].senior


async def test_a_missed_question_comes_back_before_new_ones_once_due(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    first = await app.dispatcher.text(ana, "/quiz sql")
    missed = question_of(app, first)
    wrong = await app.dispatcher.press(ana, button(first, False, missed))
    assert "The answer is" in wrong.text and missed.correct in wrong.text
    soon = question_of(app, await app.dispatcher.text(ana, "/quiz sql"))
    assert soon.id != missed.id  # not due yet: a new question
    clock.advance(timedelta(minutes=2))  # FSRS relearning step after a miss is 1 minute
    back = question_of(app, await app.dispatcher.text(ana, "/quiz sql"))
    assert back.id == missed.id


async def test_new_questions_come_from_the_communitys_roadmap_step(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    steps = {question_of(app, await app.dispatcher.text(ana, "/quiz")).step for _ in range(8)}
    assert steps == {1}  # a community without a start date is on step 1


async def test_practice_xp_is_capped_at_fifty_per_study_day(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    replies = []
    for _ in range(11):
        asked = await app.dispatcher.text(ana, "/quiz")
        replies.append(
            await app.dispatcher.press(ana, button(asked, True, question_of(app, asked)))
        )
    assert all("+5 XP" in r.text for r in replies[:10])
    assert "capped at 50" in replies[10].text
    assert (await export(app, ana))["xp"] == 50
    clock.advance(timedelta(days=1))
    asked = await app.dispatcher.text(ana, "/quiz")
    assert (
        "+5 XP"
        in (await app.dispatcher.press(ana, button(asked, True, question_of(app, asked)))).text
    )


async def test_mastery_in_topics(quiz_app: tuple[App, ManualSleeper, Recorder]) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    for _ in range(10):
        asked = await app.dispatcher.text(ana, "/quiz python")
        await app.dispatcher.press(ana, button(asked, True, question_of(app, asked)))
    topics = await app.dispatcher.text(ana, "/quiz topics")
    python = next(f for f in topics.fields if f.name == "Python")
    assert python.value == "10/10 correct · mastered"
    assert f"1 of {len(app.catalog.topics)} topics mastered" in topics.text
    assert (await export(app, ana))["quiz"]["mastered_topics"] == ["python"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/quiz astrology", "not a quiz topic. Topics: ai-product, big-data-cloud"),
        ("/quiz numpy 5", "difficulty must be one of: easy, medium, hard, senior (or 1, 2, 3, 4)."),
        ("/quiz numpy 4", "No questions match that topic and difficulty."),
        ("/quiz round 0", "count must be between 1 and 20"),
        ("/quiz round 21", "count must be between 1 and 20"),
        ("/quiz round 5 4", "seconds must be between 5 and 120"),
        ("/quiz round 5 121", "seconds must be between 5 and 120"),
        ("/quiz round 5 20 astrology", "not a quiz topic"),
    ],
)
async def test_bad_quiz_input_is_one_private_line(
    quiz_app: tuple[App, ManualSleeper, Recorder], text: str, expected: str
) -> None:
    app, _, recorder = quiz_app
    reply = await app.dispatcher.text(console_actor("ana"), text)
    assert expected in reply.text and reply.private
    assert recorder.posts == [] and app.background.running == 0


async def test_daily_challenge_once_per_member_revealed_next_day(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, recorder = quiz_app
    mod, ana, ben = console_actor("mod"), console_actor("ana"), console_actor("ben")
    await app.services.community.open_console(mod)  # a console group starts its roadmap today
    await app.dispatcher.text(mod, "/me show")  # the first console member is a moderator
    refused = await app.dispatcher.text(ana, "/admin post-now challenge")
    assert "for moderators" in refused.text and refused.private
    queued = await app.dispatcher.text(mod, "/admin post-now challenge")
    assert "Posting today's challenge post" in queued.text
    await app.services.delivery.drain()
    channel, post = recorder.posts[-1]
    assert channel == "study-group" and not post.private
    assert post.title and post.title.startswith("Daily challenge")
    question = question_of(app, Reply(post.text.split("\n\nOne answer each")[0]))
    first = await app.dispatcher.press(ana, button(post, True, question))
    assert "revealed tomorrow" in first.text and "Correct" not in first.text
    second = await app.dispatcher.press(ana, button(post, False, question))
    assert "first answer counts" in second.text
    await app.dispatcher.press(ben, button(post, False, question))
    again = await app.dispatcher.text(mod, "/admin post-now challenge")
    assert "already gone out" in again.text  # one challenge per community per day
    assert (await export(app, ana))["xp"] == 15
    clock.advance(timedelta(days=1))
    late = await app.dispatcher.press(ben, button(post, True, question))
    assert "closed" in late.text
    await app.dispatcher.text(mod, "/admin post-now challenge")
    await app.services.delivery.drain()
    tomorrow = recorder.posts[-1][1]
    reveal = tomorrow.fields[0]
    assert question.correct in reveal.value and question.explanation in reveal.value
    assert "1 of 2 answered correctly (50%)" in reveal.value
    assert tomorrow.text != post.text


async def test_group_round_timing_points_and_xp(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, sleeper, recorder = quiz_app
    ana, ben, cy = console_actor("ana"), console_actor("ben"), console_actor("cy")
    started = await app.dispatcher.text(ana, "/quiz round 2 10 statistics")
    assert not started.private and "2 questions, 10 seconds each" in started.text
    await sleeper.settle(app.background)
    busy = await app.dispatcher.text(ben, "/quiz round")
    assert "already running" in busy.text
    for index in range(2):
        _, asked = recorder.posts[-1]
        assert asked.title == f"Question {index + 1} of 2 · 10 s"
        question = question_of(app, asked)
        clock.advance(timedelta(seconds=1))
        assert "Locked in" in (await app.dispatcher.press(ben, button(asked, True, question))).text
        clock.advance(timedelta(seconds=1))
        await app.dispatcher.press(ana, button(asked, True, question))
        await app.dispatcher.press(cy, button(asked, False, question))
        dup = await app.dispatcher.press(ben, button(asked, False, question))
        assert "first answer counts" in dup.text
        clock.advance(timedelta(seconds=7))
        await sleeper.settle(app.background)
        assert recorder.titles()[-1] == f"Question {index + 1} of 2 · 10 s"  # still open at 9 s
        clock.advance(timedelta(seconds=1))
        await sleeper.settle(app.background)
        late = await app.dispatcher.press(cy, button(asked, True, question))
        assert "closed" in late.text
    final = recorder.posts[-1][1]
    assert final.title == "Round over — final scores"
    assert final.fields[0].value == "1. ben — 6 pts\n2. ana — 2 pts"
    assert "ana +4 XP" in final.text and "ben +12 XP" in final.text
    assert (await export(app, ben))["xp"] == 12
    assert app.background.running == 0
    again = await app.dispatcher.text(cy, "/quiz round 1 5")
    assert "started a quiz round" in again.text  # the channel is free again


async def test_a_restart_mid_round_ends_it_with_the_scores_so_far(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> None:
    sleeper = ManualSleeper(clock)
    first = build(
        Settings(database_url=db_url),
        clock=clock,
        catalog=catalog,
        sleeper=sleeper,
        round_lead_in=timedelta(0),
    )
    recorder = Recorder()
    first.publishers.register("console", recorder)
    ana = console_actor("ana")
    await first.dispatcher.text(ana, "/quiz round 3 20")
    await sleeper.settle(first.background)
    _, asked = recorder.posts[-1]
    question = question_of(first, asked)
    await first.dispatcher.press(ana, button(asked, True, question))
    await first.aclose()  # the process dies mid-question

    second = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    after = Recorder()
    second.publishers.register("console", after)
    try:
        # still within its question time another replica may be playing it: left alone
        assert await second.services.rounds.recover("console") == 0
        clock.advance(timedelta(seconds=20 + 30))  # the question closed, plus the grace
        assert await second.services.rounds.recover("console") == 1
        final = after.posts[-1][1]
        assert "ended early" in final.text and final.fields[0].value == "1. ana — 3 pts"
        assert (await export(second, ana))["xp"] == 6
        restarted = await second.dispatcher.text(console_actor("ben"), "/quiz round 1 5")
        assert "started a quiz round" in restarted.text  # never a stuck "already running"
    finally:
        await second.aclose()


async def test_a_platform_outage_mid_round_loses_no_post_and_no_xp(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, sleeper, recorder = quiz_app
    ana = console_actor("ana")
    await app.dispatcher.text(ana, "/quiz round 2 10")
    await sleeper.settle(app.background)
    _, asked = recorder.posts[-1]
    await app.dispatcher.press(ana, button(asked, True, question_of(app, asked)))

    async def down(*_: object, **__: object) -> str:
        raise DeliveryFailed("platform down", retry_after=30)

    working = recorder.post
    recorder.post = down  # type: ignore[method-assign]
    for _ in range(2):  # both questions time out while the platform is down
        clock.advance(timedelta(seconds=10))
        await sleeper.settle(app.background)
    assert app.background.running == 0
    assert (await export(app, ana))["xp"] == 6  # the round finished: points × 2
    again = await app.dispatcher.text(console_actor("ben"), "/quiz round 1 5")
    assert "started a quiz round" in again.text  # never a stuck "already running"
    recorder.post = working  # type: ignore[method-assign]
    clock.advance(timedelta(minutes=5))
    await app.services.delivery.drain()
    titles = recorder.titles()
    for title in (
        "Question 1 — results",
        "Question 2 of 2 · 10 s",
        "Question 2 — results",
        "Round over — final scores",
    ):
        assert titles.count(title) == 1, title  # delivered once, late, in order


async def test_a_double_click_counts_once(quiz_app: tuple[App, ManualSleeper, Recorder]) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    asked = await app.dispatcher.text(ana, "/quiz")
    custom_id = button(asked, True, question_of(app, asked))
    replies = await asyncio.gather(*(app.dispatcher.press(ana, custom_id) for _ in range(4)))
    assert sum("+5 XP" in r.text for r in replies) == 1
    assert sum("already answered" in r.text for r in replies) == 3
    assert (await export(app, ana))["quiz"]["answered"] == 1


async def test_round_answers_count_toward_topics(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, sleeper, recorder = quiz_app
    ana = console_actor("ana")
    await app.dispatcher.text(ana, "/quiz round 1 10 sql")
    await sleeper.settle(app.background)
    _, asked = recorder.posts[-1]
    await app.dispatcher.press(ana, button(asked, True, question_of(app, asked)))
    topics = await app.dispatcher.text(ana, "/quiz topics")
    assert next(f for f in topics.fields if f.name == "SQL").value == "1/1 correct"


async def test_todays_challenge_can_be_answered_from_today_after_a_restart(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> None:
    mod, ana = console_actor("mod"), console_actor("ana")
    first = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    try:
        await first.services.community.open_console(mod)  # the roadmap starts today
        channel_post = await first.dispatcher.text(ana, "/today")
    finally:
        await first.aclose()
    restarted = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    try:
        today = await restarted.dispatcher.text(ana, "/today")
        assert today.fields[-1].value.endswith("Answer it here or in #study-group.")
        assert [b.label for b in today.buttons] == [b.label for b in channel_post.buttons]
        assert len(today.buttons) > 2  # Check in, Quiz me, then the answers
        stem = today.fields[-1].value.split("\nAnswer it")[0]
        question = question_of(restarted, Reply(stem))
        answers = Reply(stem, buttons=today.buttons[2:])  # after Check in and Quiz me
        locked = await restarted.dispatcher.press(ana, button(answers, True, question))
        assert "revealed tomorrow" in locked.text
        assert (await export(restarted, ana))["xp"] == 15
    finally:
        await restarted.aclose()
