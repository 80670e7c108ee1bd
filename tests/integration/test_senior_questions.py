"""Senior scenarios (difficulty 4, issue 20) come when a member asks for them: never as a
beginner's daily challenge, nor mixed into unfiltered practice or a topic-less round."""

from __future__ import annotations

from bot.bootstrap import App
from bot.content.schema import SENIOR
from tests.helpers import console_actor


async def test_senior_scenarios_come_only_when_asked_for(app: App) -> None:
    await app.dispatcher.text(console_actor("Ada"), "checkin")
    quiz, questions = app.services.quiz, app.catalog.questions
    async with app.uow(write=False) as uow:
        community = await uow.communities.get("console", "local")
        assert community is not None
        unfiltered = await quiz.pool(uow, community, None, None)
        asked = await quiz.pool(uow, community, None, SENIOR)
        design = await quiz.pool(uow, community, "ml-system-design", None)
    assert unfiltered and all(questions[q].difficulty < SENIOR for q in unfiltered)
    assert len(asked) >= 100 and all(questions[q].difficulty == SENIOR for q in asked)
    assert len(design) >= 25 and {app.catalog.topic_of[q] for q in design} == {"ml-system-design"}
    reply = await app.dispatcher.text(console_actor("Ada"), "quiz ml-system-design")
    assert reply.title is not None and reply.title.endswith("· senior")


async def test_the_daily_challenge_is_never_a_senior_scenario(app: App) -> None:
    challenge, questions = app.services.challenge, app.catalog.questions
    regular = {q for q, question in questions.items() if question.difficulty < SENIOR}
    used: set[str] = set()
    while (picked := challenge.pick(set(), used)) not in used:
        assert picked is not None
        used.add(picked)
    assert used == regular  # the whole regular bank, once each, before any repeat
