"""Shuffled choices (issue 20) through the services and the database, on SQLite and Postgres:
practice, a restart, old buttons, group rounds and the daily challenge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.domain.quiz import shown_order
from bot.platforms.console.clockwork import ManualSleeper
from bot.replies import Reply, parse_custom_id
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder, button, export, question_of


def shown(reply: Reply) -> tuple[str, tuple[int, ...]]:
    """The id part before the choice and the original choice numbers, in the order shown."""
    args = [parse_custom_id(b.custom_id) for b in reply.buttons]
    assert all(a is not None for a in args)
    prefixes = {a[1].rsplit(".", 1)[0] for a in args if a is not None}
    assert len(prefixes) == 1
    return prefixes.pop(), tuple(int(a[1].rsplit(".", 1)[1]) for a in args if a is not None)


def assert_labels_match(reply: Reply, question: Any) -> tuple[int, ...]:
    """Each button shows the text of the choice its id names; the order is a permutation."""
    _, order = shown(reply)
    assert [b.label for b in reply.buttons] == [question.choices[n - 1] for n in order]
    assert sorted(order) == list(range(1, len(question.choices) + 1))
    return order


async def prompt_seed(app: App, reply: Reply) -> tuple[int, str]:
    prefix, _ = shown(reply)
    prompt_id = int(prefix)
    async with app.uow(write=False) as uow:
        prompt, _ = await uow.quiz.prompt_and_card(prompt_id)
    assert prompt is not None
    return prompt_id, f"practice:{prompt.member_id}:{prompt_id}"


async def test_practice_buttons_follow_the_shuffled_order_and_grade_by_text(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    orders = []
    for _ in range(6):
        asked = await app.dispatcher.text(ana, "/quiz statistics")
        question = question_of(app, asked)
        order = assert_labels_match(asked, question)
        _, seed = await prompt_seed(app, asked)
        assert order == shown_order(question.id, len(question.choices), seed)
        orders.append(order)
        right = await app.dispatcher.press(ana, button(asked, True, question))
        assert right.text.startswith(f"Correct: {question.correct}.")
    assert any(order != tuple(sorted(order)) for order in orders)  # not the bank's order


async def test_a_question_coming_back_comes_back_in_another_order(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    first = await app.dispatcher.text(ana, "/quiz sql")
    question = question_of(app, first)
    orders = [assert_labels_match(first, question)]
    wrong = await app.dispatcher.press(ana, button(first, False, question))
    assert f"The answer is {question.correct}." in wrong.text
    for _ in range(4):  # missed again and again: spaced repetition brings it back each time
        clock.advance(timedelta(minutes=10))
        again = await app.dispatcher.text(ana, "/quiz sql")
        assert question_of(app, again).id == question.id
        orders.append(assert_labels_match(again, question))
        await app.dispatcher.press(ana, button(again, False, question))
    assert len(set(orders)) > 1
    # where the right answer sits moves too: its position is not something to remember
    assert len({order.index(question.answer) for order in orders}) > 1


async def test_a_button_still_grades_right_after_a_restart(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> None:
    ana = console_actor("ana")
    first = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    try:
        asked = [await first.dispatcher.text(ana, "/quiz numpy") for _ in range(2)]
    finally:
        await first.aclose()  # the process restarts with the questions on screen
    second = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    try:
        right_q, wrong_q = (question_of(second, reply) for reply in asked)
        right = await second.dispatcher.press(ana, button(asked[0], True, right_q))
        assert right.text.startswith(f"Correct: {right_q.correct}.")
        wrong_id = button(asked[1], False, wrong_q)
        chosen = next(b.label for b in asked[1].buttons if b.custom_id == wrong_id)
        wrong = await second.dispatcher.press(ana, wrong_id)
        assert f"you chose {chosen}. The answer is {wrong_q.correct}." in wrong.text
        assert (await export(second, ana))["quiz"] == {
            "answered": 2,
            "correct": 1,
            "mastered_topics": [],
        }
    finally:
        await second.aclose()


async def test_a_button_posted_before_shuffling_still_grades_right(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    """Buttons from before this change carry the original choice number (``qa:PROMPT.N``,
    shown in the bank's order): the format is unchanged, so they grade as they did."""
    app, _, _ = quiz_app
    ana = console_actor("ana")
    for correct in (True, False):
        asked = await app.dispatcher.text(ana, "/quiz python")
        question = question_of(app, asked)
        prompt_id, _ = await prompt_seed(app, asked)
        n = question.answer if correct else question.answer % len(question.choices) + 1
        reply = await app.dispatcher.press(ana, f"mlpath:qa:{prompt_id}.{n}")
        if correct:
            assert reply.text.startswith(f"Correct: {question.correct}.")
        else:
            assert f"you chose {question.choices[n - 1]}." in reply.text


async def test_everyone_in_a_round_sees_one_order_and_the_first_correct_scores_first(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, sleeper, recorder = quiz_app
    ana, ben, cy = console_actor("ana"), console_actor("ben"), console_actor("cy")
    await app.dispatcher.text(ana, "/quiz round 3 10 statistics")
    await sleeper.settle(app.background)
    orders = []
    for index in range(3):
        _, asked = recorder.posts[-1]
        assert asked.title == f"Question {index + 1} of 3 · 10 s" and not asked.private
        # one channel post per question: the one order every member sees
        assert recorder.titles().count(asked.title) == 1
        question = question_of(app, asked)
        prefix, order = shown(asked)
        round_id = int(prefix.split(".")[0])
        assert prefix == f"{round_id}.{index}"
        assert order == shown_order(question.id, len(question.choices), f"round:{round_id}:{index}")
        assert_labels_match(asked, question)
        orders.append(order)
        first, second = (ben, ana) if index % 2 == 0 else (ana, ben)
        clock.advance(timedelta(seconds=1))
        await app.dispatcher.press(first, button(asked, True, question))
        clock.advance(timedelta(seconds=1))
        await app.dispatcher.press(second, button(asked, True, question))
        await app.dispatcher.press(cy, button(asked, False, question))
        clock.advance(timedelta(seconds=8))
        await sleeper.settle(app.background)
        results = next(
            r for _, r in reversed(recorder.posts) if r.title == (f"Question {index + 1} — results")
        )
        assert f"Answer: {question.correct}" in results.text
        assert f"First correct: {first.user_name}." in results.text
    assert any(order != tuple(sorted(order)) for order in orders)
    final = recorder.posts[-1][1]
    assert final.fields[0].value == "1. ben — 7 pts\n2. ana — 5 pts"


async def test_the_daily_challenge_is_shuffled_once_for_the_channel(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, recorder = quiz_app
    mod, ana, ben = console_actor("mod"), console_actor("ana"), console_actor("ben")
    await app.services.community.open_console(mod)
    await app.dispatcher.text(mod, "/admin post-now challenge")
    await app.services.delivery.drain()
    _, post = recorder.posts[-1]
    question = question_of(app, Reply(post.text.split("\n\nOne answer each")[0]))
    prefix, order = shown(post)
    assert order == shown_order(question.id, len(question.choices), f"challenge:{prefix}")
    assert_labels_match(post, question)
    async with app.uow(write=False) as uow:  # the post is rebuilt the same from its challenge
        challenge = await uow.quiz.challenge_by_id(int(prefix))
    assert challenge is not None and app.services.challenge.post(challenge) == post
    right = await app.dispatcher.press(ana, button(post, True, question))
    assert f"Your answer is in: {question.correct}." in right.text
    wrong_id = button(post, False, question)
    chosen = next(b.label for b in post.buttons if b.custom_id == wrong_id)
    wrong = await app.dispatcher.press(ben, wrong_id)
    assert f"Your answer is in: {chosen}." in wrong.text
    assert (await export(app, ana))["xp"] == 15 and (await export(app, ben))["xp"] == 0
    clock.advance(timedelta(days=1))
    await app.dispatcher.text(mod, "/admin post-now challenge")
    await app.services.delivery.drain()
    reveal = recorder.posts[-1][1].fields[0].value
    assert f"Answer: {question.correct}" in reveal
    assert "1 of 2 answered correctly (50%)" in reveal
