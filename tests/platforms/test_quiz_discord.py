"""Quizzes on Discord end to end: discord.py's real client against a local fake Discord."""

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
from bot.platforms.discord.client import MlpathBot
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    CHANNEL,
    CY,
    EPHEMERAL,
    GUILD,
    MENTIONER,
    OWNER,
    START,
    answer,
    buttons,
    clock,
    fake_and_bot,
    field,
    message_of,
    mlpath,
    public_of,
    run,
    sleeper,
    start_bot,
    stop_bot,
    text_of,
    world,
)
from tests.platforms.fake_discord import (
    FakeDiscord,
)


def question_in(app: App, data: dict[str, Any]) -> Question:
    """The question a message asks: replies carry no question id, so match the stem."""
    text = data["embeds"][0]["description"]
    found = [q for q in app.catalog.questions.values() if q.stem in text]
    assert found, text
    return max(found, key=lambda q: len(q.stem))


def choice_ids(question: Question, data: dict[str, Any], prefix: str) -> list[str]:
    """The custom ids of a question's buttons by original choice number. The buttons are shown
    shuffled; each id ends in the number of the choice whose text its button shows."""
    by_number: dict[int, str] = {}
    for b in buttons(data):
        number = re.fullmatch(rf"{re.escape(prefix)}\.(\d+)", b["custom_id"])
        assert number, b
        assert b["label"] == question.choices[int(number[1]) - 1]
        by_number[int(number[1])] = b["custom_id"]
    assert sorted(by_number) == list(range(1, len(question.choices) + 1))
    return [by_number[n] for n in sorted(by_number)]


def labels_in_order(question: Question, seed: str) -> list[str]:
    """The choices as a seed shows them."""
    return [question.choices[n - 1] for n in shown_order(question.id, len(question.choices), seed)]


async def press(fake: FakeDiscord, custom_id: str, user: int = ANA) -> dict[str, Any]:
    ref = await fake.send_interaction(custom_id=custom_id, user_id=user)
    return message_of(await answer(fake, ref))


def channel_posts(fake: FakeDiscord) -> list[dict[str, Any]]:
    """Messages the bot posted to the channel itself (not interaction replies)."""
    return [r.body for r in fake.requests_matching("POST", f"/channels/{CHANNEL}/messages")]


async def exported_xp(fake: FakeDiscord, user: int) -> int:
    """XP from the member's own /me export, an ephemeral JSON attachment."""
    uploaded = len(fake.uploads)
    await run(fake, "me export", user=user)
    upload = fake.uploads[uploaded]
    assert upload.filename == f"mlpath-export-{user}.json"
    (member,) = json.loads(upload.data)["members"]
    assert member["id"] == str(user)
    return member["xp"]  # type: ignore[no-any-return]


async def test_practice_is_private_and_each_prompt_answers_once(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    asked = await run(fake, "quiz practice", {"topic": "numpy"})
    question = question_in(mlpath, asked)
    assert mlpath.catalog.topic_of[question.id] == "numpy"
    assert asked["embeds"][0]["title"].startswith("NumPy · ")
    choices = buttons(asked)
    prompt = re.fullmatch(r"mlpath:qa:(\d+)\.\d", choices[0]["custom_id"])
    assert prompt, choices[0]
    right = choice_ids(question, asked, f"mlpath:qa:{prompt[1]}")[question.answer - 1]

    assert "someone else's" in text_of(await press(fake, right, BEN))
    verdict = await press(fake, right)
    shown = text_of(verdict)
    assert verdict["embeds"][0]["title"] == "Right!"
    assert f"Correct: {question.correct}. +5 XP" in shown
    assert question.explanation in shown
    assert "already answered" in text_of(await press(fake, right))

    # the verdict's "Next question" button asks another private question; a wrong answer
    # is told the right one
    (next_button,) = buttons(verdict)
    assert next_button["custom_id"] == "mlpath:quiz:"
    asked = await press(fake, next_button["custom_id"])
    question = question_in(mlpath, asked)
    wrong = next(b for b in buttons(asked) if b["label"] != question.correct)
    shown = text_of(await press(fake, wrong["custom_id"]))
    assert "Not quite" in shown and f"The answer is {question.correct}." in shown
    assert "XP" not in shown

    assert channel_posts(fake) == []  # practice never touches the channel
    assert await exported_xp(fake, ANA) == 5


async def test_bad_quiz_input_is_one_private_line_and_posts_nothing(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    # Discord's client enforces the int ranges; the service still refuses out-of-range
    # values that arrive anyway (an outdated command registration, a crafted request).
    for command, options, expected in [
        ("quiz practice", {"topic": "astrology"}, "`astrology` is not a quiz topic. Topics: "),
        ("quiz round", {"count": 50}, "count must be between 1 and 20."),  # as the text grammar
        ("quiz round", {"count": 3, "seconds": 200}, "seconds must be between 5 and 120."),
        ("quiz round", {"count": 2, "topic": "astrology"}, "is not a quiz topic"),
    ]:
        data = await run(fake, command, options)
        line = data["embeds"][0]["description"]
        assert expected in line and "\n" not in line, line
        assert not data["embeds"][0].get("title") and not data.get("components")
    assert "numpy" in line  # the valid topics are listed
    assert channel_posts(fake) == []
    assert mlpath.background.running == 0  # no round was started


async def test_a_group_round_posts_questions_scores_and_xp(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
    mlpath: App,
    clock: ManualClock,
    sleeper: ManualSleeper,
) -> None:
    fake, _ = fake_and_bot
    ref = await fake.send_interaction(
        "quiz round", {"count": 2, "seconds": 10, "topic": "numpy"}, user_id=ANA
    )
    started = public_of(await answer(fake, ref))
    assert "Ana started a quiz round: 2 questions, 10 seconds each" in text_of(started)
    await sleeper.settle(mlpath.background)

    (first,) = channel_posts(fake)
    assert first["allowed_mentions"] == {"parse": []}
    assert not first.get("flags", 0) & EPHEMERAL
    assert first["embeds"][0]["title"] == "Question 1 of 2 · 10 s"
    question = question_in(mlpath, first)
    assert mlpath.catalog.topic_of[question.id] == "numpy"
    round_id = re.fullmatch(r"mlpath:qr:(\d+)\.0\.\d", buttons(first)[0]["custom_id"])
    assert round_id, buttons(first)
    # one channel post, so one shuffled order for everyone in the round
    assert [b["label"] for b in buttons(first)] == labels_in_order(
        question, f"round:{round_id[1]}:0"
    )
    ids = choice_ids(question, first, f"mlpath:qr:{round_id[1]}.0")
    right, wrong = ids[question.answer - 1], ids[question.answer % len(ids)]

    busy = await run(fake, "quiz round", {}, user=BEN)
    assert "already running in this channel" in text_of(busy)

    clock.set(START + timedelta(seconds=1))
    assert "Locked in" in text_of(await press(fake, right, ANA))
    clock.set(START + timedelta(seconds=2))
    assert "Locked in" in text_of(await press(fake, right, BEN))
    clock.set(START + timedelta(seconds=3))
    assert "Locked in" in text_of(await press(fake, wrong, CY))
    assert "first answer counts" in text_of(await press(fake, right, CY))
    assert len(channel_posts(fake)) == 1  # answers are private; nothing more until time is up

    # past the deadline but before the bot woke up to close it: too late all the same
    clock.set(START + timedelta(seconds=11))
    assert "That question is closed" in text_of(await press(fake, right, OWNER))
    await sleeper.settle(mlpath.background)
    results, second = channel_posts(fake)[1:]
    assert results["embeds"][0]["title"] == "Question 1 — results"
    scored = text_of(results)
    assert f"Answer: {question.correct}" in scored
    assert "First correct: Ana." in scored
    assert field(results, "Standings") == "1. Ana — 3 pts\n2. Ben — 1 pt"  # Cy: no points
    assert not results.get("components")
    assert second["embeds"][0]["title"] == "Question 2 of 2 · 10 s"
    assert "That question is closed" in text_of(await press(fake, right, BEN))

    question = question_in(mlpath, second)
    ids = choice_ids(question, second, f"mlpath:qr:{round_id[1]}.1")
    clock.set(START + timedelta(seconds=12))
    await press(fake, ids[question.answer - 1], BEN)
    clock.set(START + timedelta(seconds=13))
    await press(fake, ids[question.answer % len(ids)], ANA)

    clock.set(START + timedelta(seconds=21))  # question 2 ran from 11 s to 21 s
    await sleeper.settle(mlpath.background)
    results, final = channel_posts(fake)[3:]
    assert "First correct: Ben." in text_of(results)
    assert field(results, "Standings") == "1. Ben — 4 pts\n2. Ana — 3 pts"
    assert final["embeds"][0]["title"] == "Round over — final scores"
    board = text_of(final)
    assert "Thanks for playing!\nAna +6 XP, Ben +8 XP" in board
    assert field(final, "Final standings") == "1. Ben — 4 pts\n2. Ana — 3 pts"
    assert len(channel_posts(fake)) == 5 and mlpath.background.running == 0
    assert all(p["allowed_mentions"] == {"parse": []} for p in channel_posts(fake))

    # XP = points × 2, as each member's own export shows
    assert await exported_xp(fake, ANA) == 6
    assert await exported_xp(fake, BEN) == 8
    assert await exported_xp(fake, CY) == 0

    # the channel is free again
    ref = await fake.send_interaction("quiz round", {"count": 1, "seconds": 5}, user_id=BEN)
    started = public_of(await answer(fake, ref))
    assert "Ben started a quiz round: 1 question, 5 seconds each" in text_of(started)


async def test_only_moderators_post_the_challenge_and_first_answer_counts(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    refused = await run(fake, "admin post-now", {"what": "challenge"}, user=ANA)
    assert "/admin post-now is for moderators" in text_of(refused)

    # the guild owner has every permission, Manage Server included; posts at 23:00, so today's
    # are not due yet (set up after its time, they would go out at once)
    setup = {"channel": CHANNEL, "time": "23:00", "timezone": "UTC"}
    assert "Study group set up" in text_of(await run(fake, "admin setup", setup, user=OWNER))
    queued = await run(fake, "admin post-now", {"what": "challenge"}, user=OWNER)
    assert f"Posting today's challenge post to {CHANNEL}" in text_of(queued)
    await mlpath.services.delivery.drain()  # the scheduler's delivery job, run by hand
    (posted,) = channel_posts(fake)
    assert posted["allowed_mentions"] == {"parse": []}
    assert not posted.get("flags", 0) & EPHEMERAL
    assert posted["embeds"][0]["title"].startswith("Daily challenge · ")
    question = question_in(mlpath, posted)
    challenge = re.fullmatch(r"mlpath:qc:(\d+)\.\d", buttons(posted)[0]["custom_id"])
    assert challenge, buttons(posted)
    assert [b["label"] for b in buttons(posted)] == labels_in_order(
        question, f"challenge:{challenge[1]}"
    )
    ids = choice_ids(question, posted, f"mlpath:qc:{challenge[1]}")
    again = await run(fake, "admin post-now", {"what": "challenge"}, user=OWNER)
    assert "already gone out" in text_of(again)
    await mlpath.services.delivery.drain()
    assert len(channel_posts(fake)) == 1

    first = text_of(await press(fake, ids[question.answer - 1], ANA))
    assert f"Your answer is in: {question.correct}" in first
    second = text_of(await press(fake, ids[question.answer % len(ids)], ANA))
    assert "your first answer counts" in second
    assert await exported_xp(fake, ANA) == 15  # the first (right) answer's XP, once


async def test_quiz_stop_skip_and_review_answer_privately(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    stopped = await run(fake, "quiz stop")  # message_of checks each reply is ephemeral
    assert text_of(stopped).strip() == "No quiz round is running in this channel."
    assert "Nothing is due for review" in text_of(await run(fake, "quiz review"))
    skipped = question_in(mlpath, await run(fake, "quiz practice", {"topic": "numpy"}))
    asked = await run(fake, "quiz skip")
    assert question_in(mlpath, asked).id != skipped.id and buttons(asked)
    assert channel_posts(fake) == []
