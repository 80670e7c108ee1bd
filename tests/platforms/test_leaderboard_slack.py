"""A topic's quiz board on Slack end to end: `/mlpath leaderboard quiz week topic:numpy`, parsed
by the shared text grammar, over signed HTTP against the local fake Web API."""

from __future__ import annotations

import re

from bot.bootstrap import App
from tests.platforms.fake_slack import BoltHTTPServer, FakeSlackAPI
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    ask,
    buttons,
    clock,
    command,
    ephemeral,
    fake,
    mlpath,
    one_private_line,
    server,
    shown,
    sleeper,
)
from tests.platforms.test_quiz_slack import choice_ids, press, question_in


async def practise(
    server: BoltHTTPServer, fake: FakeSlackAPI, app: App, user: str, topic: str, right: bool
) -> None:
    """Ask for a question in ``topic`` and answer it right (or wrong)."""
    status, text = await ask(server, fake, command(f"quiz {topic}", user, fake=fake))
    asked = ephemeral(text)
    question = question_in(app, asked)
    assert status == 200 and app.catalog.topic_of[question.id] == topic
    prompt = re.fullmatch(r"mlpath:qa:(\d+)\.\d", buttons(asked)[0]["action_id"])
    assert prompt, buttons(asked)
    ids = choice_ids(question, asked, f"mlpath:qa:{prompt[1]}")
    chosen = question.answer - 1 if right else question.answer % len(ids)
    verdict = await press(server, fake, ids[chosen], user)
    assert verdict["text"].startswith("Right!" if right else "Not this time"), verdict["text"]


async def test_a_topic_board_on_slack(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    await practise(server, fake, mlpath, ANA, "numpy", True)
    await practise(server, fake, mlpath, ANA, "numpy", True)
    await practise(server, fake, mlpath, BEN, "numpy", True)
    await practise(server, fake, mlpath, BEN, "pandas", True)
    await practise(server, fake, mlpath, BEN, "pandas", True)
    await practise(server, fake, mlpath, BEN, "numpy", False)

    status, text = await ask(
        server, fake, command("leaderboard quiz week topic:numpy", BEN, fake=fake)
    )
    board = shown(ephemeral(text))
    assert status == 200
    assert board.startswith("*Leaderboard · correct answers in numpy · the week of 5 Jan 2026*")
    assert "🥇 ana — 2 correct answers\n🥈 ben — 1 correct answers" in board
    assert "You: #2 with 1 correct answers." in board
    status, text = await ask(server, fake, command("leaderboard quiz week topic:pandas", fake=fake))
    board = shown(ephemeral(text))
    assert "🥇 ben — 2 correct answers" in board and "ana —" not in board

    for typed, expected in (
        ("leaderboard xp week topic:numpy", "Only the quiz board has topics"),
        ("leaderboard quiz week topic:astrology", "is not a quiz topic: /quiz topics lists them."),
    ):
        status, text = await ask(server, fake, command(typed, fake=fake))
        assert status == 200 and expected in one_private_line(text)
