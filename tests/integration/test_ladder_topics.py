"""The ladder's upper levels need the topics of their track mastered (issue 20), through the
console's text grammar, the services and the database, on SQLite and Postgres: a member with
the XP and the other evidence but not the topics is not promoted, /ladder names the topics
with the command to practise them, and mastering them promotes and announces once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import Member
from bot.replies import Field
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_hot_path import CHECKIN_CEILING, statements
from tests.integration.test_progress import announced, milestone_keys, moderator_first, say
from tests.integration.test_quiz_service import button, question_of

ANA = console_actor("ana")
MOD = console_actor("mod")


async def set_numbers(app: App, user_id: str, **values: int) -> None:
    """Counters set on the member row: earning a senior's XP, projects and streak through the
    commands would take years of the clock. The last XP comes through /admin xp and the named
    topics through answers."""
    async with app.uow() as uow:
        await uow.session.execute(update(Member).where(Member.user_id == user_id).values(values))
        await uow.commit()


async def master(app: App, actor: Actor, topic: str) -> None:
    """Ten right answers in a row: the topic is mastered."""
    for _ in range(10):
        asked = await say(app, actor, f"/quiz {topic}")
        answered = await app.dispatcher.press(actor, button(asked, True, question_of(app, asked)))
        assert answered.error_id is None, answered.text


async def test_senior_needs_its_topics_and_is_announced_once_they_are_mastered(
    app: App, clock: ManualClock
) -> None:
    await moderator_first(app)
    await say(app, ANA, "/checkin")
    # Senior's evidence, 12 of its 14 mastered topics, and 1,000 XP short of its XP
    await set_numbers(
        app,
        "ana",
        xp=24_010,
        shipped_projects=10,
        mastered_topics=12,
        streak_longest=60,
        exercises_passed=30,
    )
    await say(app, MOD, "/admin xp ana 1000 years of work", "(now 25010)")
    keys = await milestone_keys(app, "ana")
    assert "level:ml-engineer" in keys and "level:senior-ml-engineer" not in keys

    ladder = await say(app, ANA, "/ladder", "You are ML Engineer:")
    assert ladder.fields[-1] == Field(
        "Next: Senior ML Engineer",
        "Missing: 2 more mastered quiz topics (/quiz topics); "
        "master ml-system-design (/quiz ml-system-design); "
        "master ml-leadership (/quiz ml-leadership).",
        inline=False,
    )
    # the review stays cheap while only the topics are missing: a check-in reads no tallies
    clock.advance(timedelta(days=1))
    with statements(app) as seen:
        await say(app, ANA, "/checkin", "+10 XP")
    assert len(seen) <= CHECKIN_CEILING, seen

    await master(app, ANA, "ml-system-design")
    assert "level:senior-ml-engineer" not in await milestone_keys(app, "ana")
    ladder = await say(app, ANA, "/ladder", "You are ML Engineer:")
    assert ladder.fields[-1].value == (
        "Missing: 1 more mastered quiz topic (/quiz topics); "
        "master ml-leadership (/quiz ml-leadership)."
    )

    await master(app, ANA, "ml-leadership")
    assert "level:senior-ml-engineer" in await milestone_keys(app, "ana")
    ladder = await say(app, ANA, "/ladder", "You are Senior ML Engineer:")
    architect = next(f for f in ladder.fields if f.name.startswith("ML Architect"))
    assert "ml-architecture mastered (/quiz ml-architecture)" in architect.value
    # announced once, after the topic that completed it; more activity adds nothing
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/checkin", "+10 XP")
    news = await announced(app)
    assert news.count("ana:level:senior-ml-engineer") == 1
    assert news.index("ana:mastered:ml-leadership") < news.index("ana:level:senior-ml-engineer")


async def test_topics_first_then_xp_and_a_track_needs_its_own(app: App, clock: ManualClock) -> None:
    await moderator_first(app)
    await say(app, ANA, "/checkin")
    # ML Architect's evidence but for 3 of its 15 mastered topics; 1,000 XP short of Senior
    await set_numbers(
        app,
        "ana",
        xp=24_010,
        shipped_projects=15,
        mastered_topics=12,
        streak_longest=100,
        exercises_passed=30,
    )
    await master(app, ANA, "ml-system-design")
    await master(app, ANA, "ml-leadership")
    assert "level:senior-ml-engineer" not in await milestone_keys(app, "ana")
    # the topics are there first: the XP that completes Senior promotes at once
    await say(app, MOD, "/admin xp ana 1000 years of work", "(now 25060)")  # 50 from practice
    assert "level:senior-ml-engineer" in await milestone_keys(app, "ana")

    await set_numbers(app, "ana", xp=39_010)
    await say(app, MOD, "/admin xp ana 1000 a long career", "(now 40010)")
    chosen = await say(app, ANA, "/ladder track architect", "Your track is ML Architect")
    assert chosen.fields[-1] == Field(
        "Next: ML Architect",
        "Missing: 1 more mastered quiz topic (/quiz topics); "
        "master ml-architecture (/quiz ml-architecture).",
        inline=False,
    )
    assert "level:architect" not in await milestone_keys(app, "ana")
    await master(app, ANA, "ml-architecture")
    assert "level:architect" in await milestone_keys(app, "ana")
    assert (await announced(app)).count("ana:level:architect") == 1
    await say(app, ANA, "/ladder", "You are ML Architect:")
