"""Quizzes on Slack end to end: the real bolt app over signed HTTP, against a local fake Web API."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.content.schema import Question
from bot.domain.quiz import shown_order
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.slack.render import escape
from tests.platforms.fake_slack import (
    DEFAULT_CHANNEL_ID,
    BoltHTTPServer,
    FakeSlackAPI,
    block_action_body,
)
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    CY,
    MOD,
    SECRET,
    START,
    TEAM,
    ask,
    blocks_of,
    buttons,
    clock,
    command,
    ephemeral,
    fake,
    in_channel,
    mlpath,
    next_trigger,
    one_private_line,
    server,
    shown,
    sleeper,
)


def field(message: dict[str, Any], name: str) -> str:
    """The value of a message's field ``name``."""
    texts = [f["text"] for b in blocks_of(message) for f in b.get("fields", [])]
    (value,) = [t.split("\n", 1)[1] for t in texts if t.startswith(f"*{name}*\n")]
    return value


def question_in(app: App, message: dict[str, Any]) -> Question:
    """The question a message asks: replies carry no question id, so match the (escaped) stem."""
    text = shown(message)
    found = [q for q in app.catalog.questions.values() if escape(q.stem) in text]
    assert found, text
    return max(found, key=lambda q: len(q.stem))


def choice_ids(question: Question, data: dict[str, Any], prefix: str) -> list[str]:
    """The action ids of a question's buttons by original choice number. The buttons are shown
    shuffled; each id ends in the number of the choice whose text its button shows."""
    by_number: dict[int, str] = {}
    for b in buttons(data):
        number = re.fullmatch(rf"{re.escape(prefix)}\.(\d+)", b["action_id"])
        assert number, b
        assert b["text"]["text"] == question.choices[int(number[1]) - 1]
        by_number[int(number[1])] = b["action_id"]
    assert sorted(by_number) == list(range(1, len(question.choices) + 1))
    return [by_number[n] for n in sorted(by_number)]


def labels_in_order(question: Question, seed: str) -> list[str]:
    """The choices as a seed shows them."""
    return [question.choices[n - 1] for n in shown_order(question.id, len(question.choices), seed)]


async def press(
    server: BoltHTTPServer, fake: FakeSlackAPI, custom_id: str, user: str = ANA
) -> dict[str, Any]:
    """Press a button and return the ephemeral message the bot sent to its response_url."""
    n = next_trigger()
    seen = len(fake.responses)
    status, _ = await server.post(
        block_action_body(
            custom_id,
            custom_id,
            user_id=user,
            team_id=TEAM,
            trigger_id=f"press-{n}",
            response_url=fake.response_url(f"press{n}"),
        )
    )
    assert status == 200
    await fake.wait_for_response(count=seen + 1)
    body = next(r.body for r in fake.responses if r.response_id == f"press{n}")
    assert body["response_type"] == "ephemeral"
    return body


def posts(fake: FakeSlackAPI) -> list[dict[str, Any]]:
    return [c.params for c in fake.calls_to("chat.postMessage")]


async def exported_xp(server: BoltHTTPServer, fake: FakeSlackAPI, user: str) -> int:
    """XP from the member's own /me export, the JSON file uploaded to their DM."""
    done = len(fake.calls_to("files.completeUploadExternal"))
    await ask(server, fake, command("me export", user, fake=fake))
    await fake.wait_for("files.completeUploadExternal", count=done + 1)
    exported = json.loads(list(fake.uploads.values())[-1])
    (member,) = exported["members"]
    assert member["id"] == user
    return member["xp"]  # type: ignore[no-any-return]


async def test_practice_is_private_and_each_prompt_answers_once(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    status, text = await ask(server, fake, command("quiz numpy", fake=fake))
    assert status == 200
    asked = ephemeral(text)
    question = question_in(mlpath, asked)
    assert mlpath.catalog.topic_of[question.id] == "numpy"
    assert shown(asked).startswith("*NumPy · ")
    choices = buttons(asked)
    prompt = re.fullmatch(r"mlpath:qa:(\d+)\.\d", choices[0]["action_id"])
    assert prompt, choices[0]
    right = choice_ids(question, asked, f"mlpath:qa:{prompt[1]}")[question.answer - 1]

    stolen = await press(server, fake, right, BEN)
    assert "someone else's" in stolen["text"]
    verdict = await press(server, fake, right)
    assert verdict["text"].startswith("Right!: Correct: ")
    assert "+5 XP" in verdict["text"]
    assert escape(question.explanation) in shown(verdict)
    again = await press(server, fake, right)
    assert "already answered" in again["text"]

    # the verdict's "Next question" button asks another private question; a wrong answer
    # is told the right one
    (next_button,) = buttons(verdict)
    assert next_button["action_id"] == "mlpath:quiz:"
    asked = await press(server, fake, next_button["action_id"])
    question = question_in(mlpath, asked)
    wrong = next(b for b in buttons(asked) if b["text"]["text"] != question.correct)
    verdict = await press(server, fake, wrong["action_id"])
    assert "Not quite" in verdict["text"]
    assert f"The answer is {escape(question.correct)}." in verdict["text"]
    assert "XP" not in verdict["text"]

    assert posts(fake) == []  # practice never touches the channel
    assert await exported_xp(server, fake, ANA) == 5


async def test_bad_quiz_input_is_one_private_line_and_posts_nothing(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, sleeper: ManualSleeper
) -> None:
    for text, expected in [
        ("quiz astrology", "`astrology` is not a quiz topic. Topics: ai-product, big-data-cloud,"),
        ("quiz numpy 7", "difficulty must be one of: easy, medium, hard, senior (or 1, 2, 3, 4)"),
        ("quiz round 50", "count must be between 1 and 20"),
        ("quiz round 3 200", "seconds must be between 5 and 120"),
        ("quiz round 2 10 astrology", "is not a quiz topic"),
    ]:
        status, body = await ask(server, fake, command(text, fake=fake))
        assert status == 200
        line = one_private_line(body)
        assert expected in line, line
        assert "Traceback" not in body
    assert "numpy" in line  # the valid topics are listed
    await server.drain()
    await sleeper.settle(mlpath.background)  # the Home-tab refreshes finish; a round would wait
    assert posts(fake) == [] and len(fake.responses) == 5  # the five private lines
    assert mlpath.background.running == 0  # no round was started


async def test_a_group_round_posts_questions_scores_and_xp(
    server: BoltHTTPServer,
    fake: FakeSlackAPI,
    mlpath: App,
    clock: ManualClock,
    sleeper: ManualSleeper,
) -> None:
    status, text = await ask(server, fake, command("quiz round 2 10 numpy", fake=fake))
    assert status == 200
    started = in_channel(text)
    assert "ana started a quiz round: 2 questions, 10 seconds each" in started["text"]
    await sleeper.settle(mlpath.background)

    (first,) = posts(fake)
    assert first["channel"] == DEFAULT_CHANNEL_ID
    assert shown(first).startswith("*Question 1 of 2 · 10 s*")
    question = question_in(mlpath, first)
    assert mlpath.catalog.topic_of[question.id] == "numpy"
    round_id = re.fullmatch(r"mlpath:qr:(\d+)\.0\.\d", buttons(first)[0]["action_id"])
    assert round_id, buttons(first)
    # one channel post, so one shuffled order for everyone in the round
    assert [b["text"]["text"] for b in buttons(first)] == labels_in_order(
        question, f"round:{round_id[1]}:0"
    )
    ids = choice_ids(question, first, f"mlpath:qr:{round_id[1]}.0")
    right, wrong = ids[question.answer - 1], ids[question.answer % len(ids)]

    status, text = await ask(server, fake, command("quiz round", BEN, fake=fake))
    assert "already running in this channel" in one_private_line(text)

    clock.set(START + timedelta(seconds=1))
    assert "Locked in" in (await press(server, fake, right, ANA))["text"]
    clock.set(START + timedelta(seconds=2))
    assert "Locked in" in (await press(server, fake, right, BEN))["text"]
    clock.set(START + timedelta(seconds=3))
    assert "Locked in" in (await press(server, fake, wrong, CY))["text"]
    assert "first answer counts" in (await press(server, fake, right, CY))["text"]
    assert len(posts(fake)) == 1  # answers are private; nothing more until time is up

    # past the deadline but before the bot woke up to close it: too late all the same
    clock.set(START + timedelta(seconds=11))
    assert "That question is closed" in (await press(server, fake, right, MOD))["text"]
    await sleeper.settle(mlpath.background)
    results, second = posts(fake)[1:]
    assert results["channel"] == second["channel"] == DEFAULT_CHANNEL_ID
    scored = shown(results)
    assert scored.startswith("*Question 1 — results*")
    assert f"Answer: {escape(question.correct)}" in scored
    assert "First correct: ana." in scored
    assert field(results, "Standings") == "1. ana — 3 pts\n2. ben — 1 pt"  # cy: no points
    assert buttons(results) == []
    assert shown(second).startswith("*Question 2 of 2 · 10 s*")
    late = await press(server, fake, right, BEN)
    assert "That question is closed" in late["text"]

    question = question_in(mlpath, second)
    ids = choice_ids(question, second, f"mlpath:qr:{round_id[1]}.1")
    clock.set(START + timedelta(seconds=12))
    await press(server, fake, ids[question.answer - 1], BEN)
    clock.set(START + timedelta(seconds=13))
    await press(server, fake, ids[question.answer % len(ids)], ANA)

    clock.set(START + timedelta(seconds=21))  # question 2 ran from 11 s to 21 s
    await sleeper.settle(mlpath.background)
    results, final = posts(fake)[3:]
    assert "First correct: ben." in shown(results)
    assert field(results, "Standings") == "1. ben — 4 pts\n2. ana — 3 pts"
    board = shown(final)
    assert board.startswith("*Round over — final scores*\nThanks for playing!")
    assert "ana +6 XP, ben +8 XP" in board
    assert field(final, "Final standings") == "1. ben — 4 pts\n2. ana — 3 pts"
    assert len(posts(fake)) == 5 and mlpath.background.running == 0
    assert all(p["channel"] == DEFAULT_CHANNEL_ID for p in posts(fake))

    # XP = points × 2, as each member's own export shows
    assert await exported_xp(server, fake, ANA) == 6
    assert await exported_xp(server, fake, BEN) == 8
    assert await exported_xp(server, fake, CY) == 0

    # the channel is free again
    status, text = await ask(server, fake, command("quiz round 1 5", BEN, fake=fake))
    assert "ben started a quiz round: 1 question, 5 seconds each" in in_channel(text)["text"]


async def test_only_moderators_post_the_challenge_and_first_answer_counts(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    status, text = await ask(server, fake, command("admin post-now challenge", ANA, fake=fake))
    assert "/admin post-now is for moderators" in one_private_line(text)

    # posts at 23:00: today's are not due yet (set up after its time, they would go out now)
    setup = f"admin setup <#{DEFAULT_CHANNEL_ID}|general> 23:00 UTC"
    status, text = await ask(server, fake, command(setup, MOD, fake=fake))  # users.info: is_admin
    assert "Study group set up" in ephemeral(text)["text"]
    status, text = await ask(server, fake, command("admin post-now challenge", MOD, fake=fake))
    assert f"Posting today's challenge post to {DEFAULT_CHANNEL_ID}" in one_private_line(text)
    await mlpath.services.delivery.drain()  # the scheduler's delivery job, run by hand
    (posted,) = posts(fake)
    assert posted["channel"] == DEFAULT_CHANNEL_ID
    assert shown(posted).startswith("*Daily challenge · ")
    question = question_in(mlpath, posted)
    challenge = re.fullmatch(r"mlpath:qc:(\d+)\.\d", buttons(posted)[0]["action_id"])
    assert challenge, buttons(posted)
    assert [b["text"]["text"] for b in buttons(posted)] == labels_in_order(
        question, f"challenge:{challenge[1]}"
    )
    ids = choice_ids(question, posted, f"mlpath:qc:{challenge[1]}")
    status, text = await ask(server, fake, command("admin post-now challenge", MOD, fake=fake))
    assert "already gone out" in one_private_line(text)
    await mlpath.services.delivery.drain()
    assert len(posts(fake)) == 1

    first = await press(server, fake, ids[question.answer - 1], ANA)
    assert f"Your answer is in: {escape(question.correct)}" in first["text"]
    second = await press(server, fake, ids[question.answer % len(ids)], ANA)
    assert "your first answer counts" in second["text"]
    assert await exported_xp(server, fake, ANA) == 15  # the first (right) answer's XP, once


async def test_quiz_stop_skip_and_review_answer_privately(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    status, text = await ask(server, fake, command("quiz stop", fake=fake))
    assert status == 200
    assert one_private_line(text) == "No quiz round is running in this channel."
    status, text = await ask(server, fake, command("quiz review", fake=fake))
    assert "Nothing is due for review" in ephemeral(text)["text"]
    status, text = await ask(server, fake, command("quiz numpy", fake=fake))
    skipped = question_in(mlpath, ephemeral(text))
    status, text = await ask(server, fake, command("quiz skip", fake=fake))
    asked = ephemeral(text)
    assert question_in(mlpath, asked).id != skipped.id and buttons(asked)
    assert posts(fake) == []  # nothing went to the channel
