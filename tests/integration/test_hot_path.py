"""A check-in and a quiz answer cost a fixed handful of statements, the same for a member with
a long history as for a new one, and the counters they keep equal a recomputation from the
history (issue 11, "a flat hot path"), on SQLite and Postgres."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event, insert, select, update

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import CheckIn, Member
from bot.domain.quiz import mastered_topics, tallies
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_progress import milestone_keys
from tests.integration.test_quiz_service import button, question_of

# Statements of a returning member's credited check-in: BEGIN (SQLite), the member with their
# community, the history row, the ledger row, the member's streak and XP, the period counters,
# COMMIT.
CHECKIN_CEILING = 7
# A correct practice answer: BEGIN, member, prompt with card, card, prompt, answer, topic
# tally, ledger row, member counters, period counters, COMMIT.
ANSWER_CEILING = 11


@contextmanager
def statements(app: App) -> Iterator[list[str]]:
    """Every statement sent to the database (and each COMMIT) while the block runs."""
    seen: list[str] = []
    engine = app.engine.sync_engine

    def on_execute(*args: Any) -> None:
        seen.append(str(args[2]).split(None, 2)[0].upper() + " " + str(args[2])[:80])

    def on_commit(_conn: Any) -> None:
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)


async def member_row(app: App, user_id: str) -> Member:
    async with app.uow(write=False) as uow:
        stmt = select(Member).where(Member.user_id == user_id)
        return (await uow.session.execute(stmt)).scalar_one()


async def give_history(app: App, clock: ManualClock, user_id: str, days: int, answers: int) -> None:
    """``days`` check-ins ending yesterday and ``answers`` answers (right, in every topic but a
    few wrong in statistics), stored the way the services store them, but in bulk."""
    questions = list(app.catalog.questions.values())
    today = clock.now().date()
    async with app.uow() as uow:
        member = (
            await uow.session.execute(select(Member).where(Member.user_id == user_id))
        ).scalar_one()
        first = today - timedelta(days=days)
        await uow.session.execute(
            insert(CheckIn),
            [
                {"member_id": member.id, "study_day": first + timedelta(days=n), "kind": "checkin"}
                | {"at": clock.now(), "note": None}
                for n in range(days)
            ],
        )
        await uow.session.execute(
            update(Member)
            .where(Member.id == member.id)
            .values(
                streak_current=days,
                streak_longest=days,
                freezes=2,
                last_study_day=today - timedelta(days=1),
                xp=Member.xp + 10 * days,
            )
        )
        await uow.session.refresh(member)
        for n in range(answers):
            question = questions[n % len(questions)]
            topic = app.catalog.topic_of[question.id]
            choice = question.answer
            if topic == "statistics" and n % 3 == 0:
                choice = question.answer % len(question.choices) + 1
            key = f"seed:{n}"
            await app.services.quiz.record(
                uow, member, question, "practice", choice, today, key, clock.now()
            )
        await uow.commit()


async def practise(app: App, actor: Actor, topic: str, correct: bool) -> list[str]:
    asked = await app.dispatcher.text(actor, f"/quiz {topic}")
    with statements(app) as seen:
        reply = await app.dispatcher.press(actor, button(asked, correct, question_of(app, asked)))
    assert reply.error_id is None and ("Correct" in reply.text) == correct, reply.text
    return seen


async def test_statements_per_checkin_and_answer_do_not_grow_with_history(
    app: App, clock: ManualClock
) -> None:
    new, old = console_actor("new"), console_actor("old")
    await app.dispatcher.text(new, "/checkin")
    await app.dispatcher.text(old, "/me show")  # enrolled (looking, as /streak, enrols no one)
    await give_history(app, clock, "old", days=120, answers=400)
    await app.dispatcher.text(old, "/checkin")  # the first review after the seeding is full
    await practise(app, old, "python", True)
    assert "streak-100" in {m for m in await milestone_keys(app, "old")}
    clock.advance(timedelta(days=1))

    counts = {}
    for who in (new, old):
        with statements(app) as seen:
            reply = await app.dispatcher.text(who, "/checkin")
        assert "+10 XP" in reply.text
        assert len(seen) <= CHECKIN_CEILING, seen
        assert not any("quiz_answers" in s or "milestones" in s for s in seen), seen
        counts[who.user_id] = len(seen)
    assert counts["new"] == counts["old"]

    right = {who.user_id: await practise(app, who, "python", True) for who in (new, old)}
    wrong = {who.user_id: await practise(app, who, "numpy", False) for who in (new, old)}
    assert len(right["new"]) <= ANSWER_CEILING, right["new"]
    assert len(right["new"]) == len(right["old"]), (right["new"], right["old"])
    assert len(wrong["new"]) <= ANSWER_CEILING - 3, wrong["new"]
    assert len(wrong["new"]) == len(wrong["old"]), (wrong["new"], wrong["old"])


async def test_topic_tallies_and_evidence_equal_a_recomputation(app: App) -> None:
    """Mastery is reached, lost and reached again; the counters follow each answer, the
    milestone is recorded and announced once."""
    ana = console_actor("ana")
    pattern = [True] * 10 + [False] * 3 + [True] * 10
    seen_mastered = []
    for correct in pattern:
        await practise(app, ana, "python", correct)
        async with app.uow(write=False) as uow:
            member = (
                await uow.session.execute(select(Member).where(Member.user_id == "ana"))
            ).scalar_one()
            history = list(await uow.quiz.answer_history(member.id))
            stored = await uow.quiz.topic_tallies(member.id)
        assert stored == tallies(history)
        assert member.correct_answers == sum(c for _, c in history)
        assert member.mastered_topics == len(mastered_topics(stored))
        seen_mastered.append(member.mastered_topics)
    assert seen_mastered == [0] * 9 + [1] * 3 + [0] * 8 + [1] * 3
    assert await milestone_keys(app, "ana") == ["mastered:python"]
    topics = await app.dispatcher.text(ana, "/quiz topics")
    python = next(f for f in topics.fields if f.name == "Python")
    assert python.value == f"{sum(pattern)}/{len(pattern)} correct · mastered"
