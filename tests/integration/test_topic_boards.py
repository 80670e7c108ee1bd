"""Per-topic quiz leaderboards (issue 20): `/leaderboard quiz week topic:numpy`, through the real
text grammar, services and database, on SQLite and Postgres."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, func, select

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import Community, Member, MemberPeriod, QuizAnswer
from bot.domain.periods import PERIODS, topic_period_keys
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_progress import ANA, BEN, entries, own, say
from tests.integration.test_quiz_service import button, question_of

DAN = console_actor("dan")


async def answer(app: App, who: Actor, topic: str, correct: bool, times: int = 1) -> str:
    """Practise ``topic`` and answer right (or wrong) ``times`` times; the last verdict."""
    verdict = ""
    for _ in range(times):
        asked = await say(app, who, f"/quiz {topic}")
        question = question_of(app, asked)
        assert app.catalog.topic_of[question.id] == topic
        reply = await app.dispatcher.press(who, button(asked, correct, question))
        assert reply.error_id is None, reply.text
        verdict = reply.text
    return verdict


async def topic_rows(app: App) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(user, period) → (hidden, xp, days, correct) of every topic counter."""
    async with app.uow(write=False) as uow:
        rows = await uow.session.execute(
            select(Member.user_id, MemberPeriod)
            .join(Member, Member.id == MemberPeriod.member_id)
            .where(MemberPeriod.period.contains("/"))
        )
        return {(u, p.period): (p.hidden, p.xp, p.days, p.correct) for u, p in rows.all()}


async def recomputed(app: App) -> dict[tuple[str, str], tuple[Any, ...]]:
    """The topic counters recomputed from the answers ledger by the domain's key rule."""
    async with app.uow(write=False) as uow:
        hidden = dict((await uow.session.execute(select(Member.user_id, Member.hidden))).all())
        answers = await uow.session.execute(
            select(Member.user_id, QuizAnswer.topic, QuizAnswer.study_day)
            .join(Member, Member.id == QuizAnswer.member_id)
            .where(QuizAnswer.correct.is_(True))
        )
        sums: Counter[tuple[str, str]] = Counter()
        for user, topic, day in answers.all():
            for key in topic_period_keys(day, topic):
                sums[(user, key)] += 1
    return {(u, key): (hidden[u], 0, 0, n) for (u, key), n in sums.items()}


async def test_a_topic_board_ranks_correct_answers_in_its_topic_only(
    app: App, clock: ManualClock
) -> None:
    # Monday 5 Jan: ana is strong in numpy (her 11th right answer is past the daily practice
    # XP cap, so it is counted without XP), ben in pandas; wrong answers count nowhere.
    capped = await answer(app, ANA, "numpy", True, 11)
    assert "practice XP is capped" in capped
    await answer(app, ANA, "pandas", False)
    await answer(app, ANA, "pandas", True)
    await answer(app, BEN, "numpy", True, 2)
    await answer(app, BEN, "numpy", False)
    await answer(app, BEN, "pandas", True, 3)

    numpy = await say(app, BEN, "/leaderboard quiz week topic:numpy")
    assert numpy.private
    assert numpy.title == "Leaderboard · correct answers in numpy · the week of 5 Jan 2026"
    assert entries(numpy) == [("ana", 11), ("ben", 2)] and own(numpy) == (2, 2)
    pandas = await say(app, ANA, "/leaderboard quiz week topic:pandas")
    assert entries(pandas) == [("ben", 3), ("ana", 1)] and own(pandas) == (2, 1)
    plain = await say(app, ANA, "/leaderboard quiz week")  # every topic, as before
    assert plain.title == "Leaderboard · correct answers · the week of 5 Jan 2026"
    assert entries(plain) == [("ana", 12), ("ben", 5)]
    # the topic is matched as /quiz matches it, and a topic alone asks for the quiz board
    assert entries(await say(app, ANA, "/leaderboard quiz week topic:NumPy")) == entries(numpy)
    assert (await say(app, ANA, "/leaderboard topic:numpy")).title == numpy.title
    assert entries(await say(app, ANA, "/leaderboard quiz week pandas")) == entries(pandas)

    # Tuesday of the next week, same month: the week board starts again, the month goes on
    clock.set(datetime(2026, 1, 13, 10, 0, tzinfo=UTC))
    await answer(app, BEN, "numpy", True, 3)
    week = await say(app, ANA, "/leaderboard quiz week topic:numpy")
    assert week.title == "Leaderboard · correct answers in numpy · the week of 12 Jan 2026"
    assert entries(week) == [("ben", 3)]
    assert own(week) == "You have no correct answers here yet."
    month = await say(app, BEN, "/leaderboard quiz month topic:numpy")
    assert month.title == "Leaderboard · correct answers in numpy · January 2026"
    assert entries(month) == [("ana", 11), ("ben", 5)] and own(month) == (2, 5)

    # February: a new month with nothing in numpy yet; all time keeps everything
    clock.set(datetime(2026, 2, 2, 10, 0, tzinfo=UTC))
    await answer(app, BEN, "pandas", True)
    empty = await say(app, ANA, "/leaderboard quiz month topic:numpy")
    assert empty.text.startswith("Nobody is on this board yet. Practise with /quiz numpy!")
    assert entries(await say(app, ANA, "/leaderboard quiz month topic:pandas")) == [("ben", 1)]
    alltime = await say(app, ANA, "/leaderboard quiz all topic:numpy")
    assert alltime.title == "Leaderboard · correct answers in numpy · all time"
    assert entries(alltime) == [("ana", 11), ("ben", 5)] and own(alltime) == (1, 11)
    pandas_all = await say(app, BEN, "/leaderboard quiz all topic:pandas")
    assert entries(pandas_all) == [("ben", 4), ("ana", 1)] and own(pandas_all) == (1, 4)

    # the topic counters hold correct answers only (no XP, no days) and are exactly a
    # recomputation from the answers by the domain's key rule
    rows = await topic_rows(app)
    assert rows == await recomputed(app)
    assert rows[("ana", "all/numpy")] == (False, 0, 0, 11)
    assert rows[("ben", "w2026-01-12/numpy")] == (False, 0, 0, 3)
    assert ("ana", "m2026-01/pandas") in rows and ("ana", "m2026-02/numpy") not in rows
    assert {key.split("/")[1] for _, key in rows} == {"numpy", "pandas"}


async def test_a_hidden_member_is_left_out_of_topic_boards(app: App, clock: ManualClock) -> None:
    await answer(app, ANA, "numpy", True, 2)
    await answer(app, BEN, "numpy", True, 3)
    await say(app, BEN, "/me hide", "You are hidden from leaderboards.")
    # /me hide hides every counter of the member, the topic counters too
    rows = await topic_rows(app)
    assert len(rows) == 6
    assert {(user, hidden) for (user, _), (hidden, *_) in rows.items()} == {
        ("ana", False),
        ("ben", True),
    }
    for period in ("week", "month", "all"):
        board = await say(app, ANA, f"/leaderboard quiz {period} topic:numpy")
        assert entries(board) == [("ana", 2)] and own(board) == (1, 2), period
    board = await say(app, BEN, "/leaderboard quiz week topic:numpy")
    assert entries(board) == [("ana", 2)]
    assert own(board) == "You are hidden from leaderboards (/me show to appear)."
    # a topic counter started while hidden is hidden too
    await answer(app, BEN, "pandas", True)
    assert entries(await say(app, ANA, "/leaderboard quiz all topic:pandas")) == []
    assert (await topic_rows(app))[("ben", "all/pandas")] == (True, 0, 0, 1)
    await say(app, BEN, "/me show", "shown on leaderboards again")
    board = await say(app, ANA, "/leaderboard quiz all topic:numpy")
    assert entries(board) == [("ben", 3), ("ana", 2)] and own(board) == (2, 2)
    assert entries(await say(app, ANA, "/leaderboard quiz all topic:pandas")) == [("ben", 1)]
    assert await topic_rows(app) == await recomputed(app)


async def stored(app: App) -> tuple[int, int, list[tuple[Any, ...]]]:
    async with app.uow(write=False) as uow:
        s = uow.session
        communities = (await s.execute(select(func.count()).select_from(Community))).scalar_one()
        members = (await s.execute(select(func.count()).select_from(Member))).scalar_one()
        periods = await s.execute(
            select(
                MemberPeriod.member_id,
                MemberPeriod.period,
                MemberPeriod.xp,
                MemberPeriod.days,
                MemberPeriod.correct,
            ).order_by(MemberPeriod.member_id, MemberPeriod.period)
        )
        return int(communities), int(members), [tuple(r) for r in periods.all()]


async def test_a_topic_with_another_metric_or_an_unknown_topic_is_one_line(app: App) -> None:
    await answer(app, ANA, "numpy", True)
    before = await stored(app)
    wrong_metric = "Only the quiz board has topics: try /leaderboard quiz week topic:numpy"
    unknown = "`astrology` is not a quiz topic: /quiz topics lists them."
    cases = [
        ("/leaderboard xp week topic:numpy", wrong_metric),
        ("/leaderboard streak all topic:numpy", wrong_metric.replace("week", "all")),
        ("/leaderboard xp week numpy", wrong_metric),  # by position, too
        ("/leaderboard quiz week topic:astrology", unknown),
        ("/leaderboard quiz month astrology", unknown),
        ("/leaderboard topic:astrology", unknown),
        ("/leaderboard quiz week topic:numpy/../x", "`numpy/../x` is not a quiz topic"),
    ]
    for who in (ANA, DAN):  # a member, and someone who never used mlpath: not enrolled by it
        for command, expected in cases:
            reply = await app.dispatcher.text(who, command)
            assert reply.text.startswith(expected), reply.text
            assert reply.private and reply.error_id is None and "\n" not in reply.text
    leaderboard = app.dispatcher.commands.find(("leaderboard",))
    assert leaderboard is not None
    for args, expected in (
        ({"metric": "xp", "topic": "numpy"}, wrong_metric),
        ({"metric": "quiz", "topic": "astrology"}, unknown),
    ):
        reply = await app.dispatcher.command(DAN, leaderboard, args)
        assert reply.text == expected and reply.private and reply.error_id is None
    assert await stored(app) == before  # nothing changed: no member, no counter


async def test_the_longest_topic_key_fits_the_counter_column(app: App) -> None:
    """Topic keys are at most 40 characters: the longest week key with one must store."""
    longest = "t" * 40
    await say(app, ANA, "/me show")  # enrolled
    async with app.uow() as uow:
        member = (await uow.session.execute(select(Member))).scalar_one()
        await uow.members.credit(member, date(2026, 12, 28), correct=2, topic=longest)
        await uow.commit()
    rows = await topic_rows(app)
    assert rows[("ana", f"w2026-12-28/{longest}")] == (False, 0, 0, 2)
    assert len(f"w2026-12-28/{longest}") == 52


async def test_a_correct_answer_bumps_topic_counters_in_the_same_statement_and_a_board_is_one(
    app: App, clock: ManualClock
) -> None:
    await answer(app, BEN, "numpy", True)  # ben joins first: he is listed first in a tie
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):
            sent.append(statement)

    asked = await say(app, ANA, "/quiz numpy")
    event.listen(app.engine.sync_engine, "before_cursor_execute", record)
    try:
        await app.dispatcher.press(ANA, button(asked, True, question_of(app, asked)))
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", record)
    bumps = [s for s in sent if s.startswith("INSERT INTO member_periods")]
    assert len(bumps) == 1  # the plain and the topic counters: one statement
    assert (await topic_rows(app))[("ana", "w2026-01-05/numpy")] == (False, 0, 0, 1)

    sent.clear()
    async with app.uow(write=False) as uow:
        community = await uow.communities.get(ANA.platform, ANA.community_id)
        assert community is not None
        ana = await uow.members.get(community.id, ANA.user_id)
    for member in (ana, None):
        for period in PERIODS:
            event.listen(app.engine.sync_engine, "before_cursor_execute", record)
            try:
                async with app.uow(write=False) as uow:
                    board = await app.services.leaderboard.board(
                        uow, community, member, "quiz", period, clock.now(), topic="numpy"
                    )
            finally:
                event.remove(app.engine.sync_engine, "before_cursor_execute", record)
            assert len(sent) == 1, (period, sent)
            assert [(e.name, e.value) for e in board.entries] == [("ben", 1), ("ana", 1)]
            sent.clear()
