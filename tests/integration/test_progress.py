"""XP ledger and leaderboard counters, milestones, the ladder and leaderboards (SPEC §5),
through the real text grammar, services and database, on SQLite and Postgres."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import (
    CheckIn,
    Member,
    MemberPeriod,
    Milestone,
    OutboxMessage,
    QuizAnswer,
    XpEvent,
)
from bot.domain.periods import period_keys, topic_period_keys
from bot.replies import Field, Reply, reply_from_dict
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_quiz_service import button, question_of

MOD, ANA, BEN, CY, DAN = (console_actor(n) for n in ("mod", "ana", "ben", "cy", "dan"))


async def say(app: App, actor: Actor, command: str, expect: str = "") -> Reply:
    reply = await app.dispatcher.text(actor, command)
    assert reply.error_id is None, reply.text
    assert expect in reply.text, reply.text
    return reply


async def moderator_first(app: App) -> None:
    """A console group whose first member, mod, is a moderator; its roadmap starts today."""
    await app.services.community.open_console(MOD)
    await say(app, MOD, "/me show")  # enrols (looking, as /streak, enrols no one)


async def days_of_checkins(app: App, clock: ManualClock, actor: Actor, days: int) -> None:
    for _ in range(days):
        await say(app, actor, "/checkin", "+10 XP")
        clock.advance(timedelta(days=1))


async def milestone_keys(app: App, user_id: str) -> list[str]:
    async with app.uow(write=False) as uow:
        stmt = (
            select(Milestone.key)
            .join(Member, Member.id == Milestone.member_id)
            .where(Member.user_id == user_id)
        )
        return sorted((await uow.session.execute(stmt)).scalars())


async def outbox_rows(app: App, kind: str) -> list[OutboxMessage]:
    async with app.uow(write=False) as uow:
        stmt = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        return list((await uow.session.execute(stmt)).scalars())


async def announced(app: App) -> list[str]:
    """Keys of the queued milestone announcements, oldest first."""
    return [row.key for row in await outbox_rows(app, "milestone")]


# --- the ledger and the leaderboard counters -------------------------------------------------


async def stored_state(app: App) -> tuple[dict[str, Any], dict[tuple[int, str], tuple[Any, ...]]]:
    async with app.uow(write=False) as uow:
        s = uow.session
        members = {m.id: m for m in (await s.execute(select(Member).order_by(Member.id))).scalars()}
        periods = {
            (p.member_id, p.period): (p.community_id, p.hidden, p.xp, p.days, p.correct)
            for p in (await s.execute(select(MemberPeriod))).scalars()
        }
        xp = (await s.execute(select(XpEvent.member_id, XpEvent.study_day, XpEvent.amount))).all()
        days = (
            await s.execute(
                select(CheckIn.member_id, CheckIn.study_day).where(CheckIn.kind != "freeze")
            )
        ).all()
        correct = (
            await s.execute(
                select(QuizAnswer.member_id, QuizAnswer.study_day, QuizAnswer.topic).where(
                    QuizAnswer.correct.is_(True)
                )
            )
        ).all()
    # A recomputation of every counter from the ledgers, by the study day of each row.
    sums: dict[tuple[int, str], Counter[str]] = {}

    def add(
        member_id: int, day: date | None, column: str, amount: int, topic: str | None = None
    ) -> None:
        assert day is not None
        for key in period_keys(day) if topic is None else topic_period_keys(day, topic):
            sums.setdefault((member_id, key), Counter())[column] += amount

    for member_id, day, amount in xp:
        add(member_id, day, "xp", amount)
    for member_id, day in days:
        add(member_id, day, "days", 1)
    for member_id, day, topic in correct:
        add(member_id, day, "correct", 1)
        add(member_id, day, "correct", 1, topic)  # the answer's topic board
    recomputed = {
        (member_id, key): (
            members[member_id].community_id,
            members[member_id].hidden,
            c["xp"],
            c["days"],
            c["correct"],
        )
        for (member_id, key), c in sums.items()
    }
    ledger_totals = Counter[int]()
    for member_id, _, amount in xp:
        ledger_totals[member_id] += amount
    state = {
        "xp": {m.user_id: m.xp for m in members.values()},
        "ledger": {m.user_id: ledger_totals[m.id] for m in members.values()},
        "ids": {m.user_id: m.id for m in members.values()},
        "recomputed": recomputed,
        "negative": sorted({amount < 0 for _, _, amount in xp}),
    }
    return state, periods


async def test_ledger_and_period_counters_equal_a_recomputation(
    app: App, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 1, 29, 12, 0, tzinfo=UTC))  # a Thursday; two weeks, two months
    await moderator_first(app)
    await say(app, CY, "/timezone Pacific/Kiritimati")  # UTC+14: cy's study day is a day ahead
    expected: Counter[str] = Counter()

    async def act(actor: Actor, command: str, xp: int, expect: str = "") -> None:
        await say(app, actor, command, expect)
        expected[actor.user_id] += xp

    async def practice(actor: Actor, correct: bool) -> None:
        asked = await say(app, actor, "/quiz")
        answer = await app.dispatcher.press(actor, button(asked, correct, question_of(app, asked)))
        assert ("Correct" in answer.text and "+5 XP" in answer.text) == correct, answer.text
        expected[actor.user_id] += 5 if correct else 0

    # day 0: Thu 29 Jan (cy: Fri 30 Jan)
    for who in (ANA, BEN, CY):
        await act(who, "/checkin", 10, "+10 XP")
    await practice(ANA, True)
    await practice(ANA, False)
    await practice(BEN, True)
    await act(ANA, "/project add Titanic https://github.com/ana/titanic", 20, "+20 XP")
    clock.advance(timedelta(days=1))

    # day 1: Fri 30 Jan — the daily challenge
    for who in (ANA, BEN, CY):
        await act(who, "/checkin", 10, "+10 XP")
    await say(app, MOD, "/admin post-now challenge", "Posting today's challenge")
    (row,) = await outbox_rows(app, "challenge")
    post = reply_from_dict(row.payload["reply"])
    question = question_of(app, Reply(post.text.split("\n\nOne answer each")[0]))
    for who, right in ((ANA, True), (BEN, False), (CY, True)):
        reply = await app.dispatcher.press(who, button(post, right, question))
        assert "revealed tomorrow" in reply.text
        expected[who.user_id] += 15 if right else 0
    await act(ANA, "/project update titanic cleaned data status:building", 10, "+10 XP")
    await act(BEN, "/project add Churn", 20, "+20 XP")
    await act(BEN, "/project add Vision", 20, "+20 XP")
    clock.advance(timedelta(days=1))

    # day 2: Sat 31 Jan — ben skips; a moderator's grant; cy hides
    await act(ANA, "/checkin", 10, "+10 XP")
    await act(CY, "/checkin", 10, "+10 XP")
    await act(ANA, "/project update titanic first model", 10, "+10 XP")
    await act(ANA, "/project update titanic tuned it", 0, "once per project per day")
    await say(app, MOD, "/admin xp ben 50 ran the study session", "ben gets 50 XP")
    expected["ben"] += 50
    await act(CY, "/me hide", 0, "hidden")
    await practice(CY, True)
    await practice(CY, True)
    clock.advance(timedelta(days=1))

    # day 3: Sun 1 Feb (cy: Mon 2 Feb) — ana and ben skip
    await act(CY, "/checkin", 10, "+10 XP")
    await practice(CY, True)
    await act(CY, "/project add Quant", 20, "+20 XP")
    clock.advance(timedelta(days=1))

    # day 4: Mon 2 Feb — a restore, a negative grant, a ship
    await say(app, MOD, "/admin streak-restore ben 2 the bot was down", "Restored 2 days")
    await act(BEN, "/checkin", 10, "Streak: 5 days")
    await act(ANA, "/checkin", 10, "streak starts again")
    await say(app, MOD, "/admin xp ana -30 counted twice", "ana loses 30 XP")
    expected["ana"] -= 30
    await act(ANA, "/project ship titanic https://ana.example.com", 100, "+100 XP")
    await act(CY, "/checkin", 10, "+10 XP")
    clock.advance(timedelta(days=1))

    # day 5: Tue 3 Feb — cy is back on the boards, ben leaves them
    for who in (ANA, BEN, CY):
        await act(who, "/checkin", 10, "+10 XP")
    await practice(BEN, False)
    await practice(BEN, True)
    await act(BEN, "/project update churn baseline done", 10, "+10 XP")
    await act(CY, "/me show", 0, "shown")
    await act(BEN, "/me hide", 0, "hidden")

    async with app.uow(write=False) as uow:  # the same check in plain SQL
        totals = await uow.session.execute(
            text(
                "SELECT m.user_id, m.xp, COALESCE(SUM(x.amount), 0) FROM members m "
                "LEFT JOIN xp_events x ON x.member_id = m.id GROUP BY m.id, m.user_id, m.xp"
            )
        )
        assert {u: (int(xp), int(total)) for u, xp, total in totals.all()} == {
            "mod": (0, 0),
            "ana": (180, 180),
            "ben": (150, 150),
            "cy": (110, 110),
        }
    state, periods = await stored_state(app)
    # members.xp is the sum of the ledger, and both are what the actions earned
    assert expected == Counter({"ana": 180, "ben": 150, "cy": 110})
    for user in ("mod", "ana", "ben", "cy"):
        assert state["xp"][user] == state["ledger"][user] == expected[user], user
    assert state["negative"] == [False, True]  # a negative row is in the ledger
    # the leaderboard counters are exactly a recomputation from the ledgers
    assert periods == state["recomputed"]
    ids = state["ids"]
    cy_keys = {key for member_id, key in periods if member_id == ids["cy"] and "/" not in key}
    assert cy_keys == {"all", "m2026-01", "m2026-02", "w2026-01-26", "w2026-02-02"}
    assert periods[(ids["cy"], "m2026-01")][2:] == (10 + 10 + 15, 2, 1)  # 30 and 31 Jan only
    assert periods[(ids["ben"], "all")][1:] == (True, 150, 6, 2)  # 2 restored days count
    assert periods[(ids["ana"], "w2026-02-02")][2:] == (10 - 30 + 100 + 10, 2, 0)
    assert not any(member_id == ids["mod"] for member_id, _ in periods)


# --- milestones ------------------------------------------------------------------------------


async def test_a_seven_day_streak_is_recorded_and_announced_once(
    app: App, clock: ManualClock
) -> None:
    await days_of_checkins(app, clock, ANA, 6)
    assert await milestone_keys(app, "ana") == []
    await days_of_checkins(app, clock, ANA, 1)
    assert await milestone_keys(app, "ana") == ["streak-7"]
    (row,) = await outbox_rows(app, "milestone")
    assert row.key == "ana:streak-7"
    assert row.payload == {
        "channel": "study-group",
        "reply": {
            "text": "ana has studied 7 days in a row. Keep it going!",
            "title": "🔥 7-day streak",
            "fields": [],
            "buttons": [],
            "private": False,
        },
    }
    await days_of_checkins(app, clock, ANA, 3)  # more reviews: nothing new
    await say(app, ANA, "/project add Alpha", "+20 XP")
    assert await milestone_keys(app, "ana") == ["streak-7"]
    assert await announced(app) == ["ana:streak-7"]


async def test_the_first_ship_is_recorded_once_and_its_post_says_so(
    app: App, clock: ManualClock
) -> None:
    await say(app, ANA, "/project add One https://github.com/ana/one")
    await say(app, ANA, "/project update one started")
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/project ship one", "+100 XP")
    assert await milestone_keys(app, "ana") == ["first-ship"]
    await say(app, ANA, "/project add Two https://github.com/ana/two")
    await say(app, ANA, "/project update two started")
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/project ship two", "+100 XP")
    assert await milestone_keys(app, "ana") == ["first-ship"]
    assert await announced(app) == []  # the ship post itself tells the news, once
    first, second = await outbox_rows(app, "project")
    assert first.payload["reply"]["title"] == "🚀 First project shipped"
    assert first.payload["reply"]["text"] == "ana shipped their first portfolio project, One."
    assert second.payload["reply"]["title"] == "🚀 Project shipped"


async def test_a_level_up_needs_xp_and_evidence_and_is_announced_once(
    app: App, clock: ManualClock
) -> None:
    await moderator_first(app)
    await say(app, BEN, "/checkin")
    await say(app, MOD, "/admin xp ben 1000 a generous grant")  # XP without the streak
    assert await milestone_keys(app, "ben") == []
    await days_of_checkins(app, clock, ANA, 5)  # 50 XP, longest streak 5
    await say(app, MOD, "/admin xp ana 549 helped out", "(now 599)")
    assert await milestone_keys(app, "ana") == []
    await say(app, MOD, "/admin xp ana 1 one more", "(now 600)")
    assert await milestone_keys(app, "ana") == ["level:foundations-learner"]
    assert await announced(app) == ["ana:level:foundations-learner"]
    (row,) = await outbox_rows(app, "milestone")
    assert row.payload["reply"]["title"] == "🎓 Foundations Learner"
    assert row.payload["reply"]["text"].startswith("ana reached Foundations Learner. Works with")
    assert row.payload["channel"] == "study-group"

    ladder = await say(app, ANA, "/ladder", "You are Foundations Learner")
    assert ladder.fields[-1] == Field(
        "Next: Data Practitioner",
        "Missing: 900 more XP (you have 600 of 1,500); 1 more shipped project (/project ship); "
        "1 more mastered quiz topic (/quiz topics); a streak of 7 days (your longest is 5).",
        inline=False,
    )
    # dropping below and climbing back is not a second level-up
    await say(app, MOD, "/admin xp ana -100 mistake", "(now 500)")
    await say(app, MOD, "/admin xp ana 200 fixed", "(now 700)")
    assert await milestone_keys(app, "ana") == ["level:foundations-learner"]
    assert await announced(app) == ["ana:level:foundations-learner"]


async def test_a_jump_over_levels_records_and_announces_each(app: App, clock: ManualClock) -> None:
    await moderator_first(app)
    for _ in range(10):  # a mastered topic: 10 correct answers (50 practice XP)
        asked = await say(app, ANA, "/quiz python")
        await app.dispatcher.press(ANA, button(asked, True, question_of(app, asked)))
    await say(app, ANA, "/project add Titanic https://github.com/ana/titanic")
    await say(app, ANA, "/project update titanic first model")
    await days_of_checkins(app, clock, ANA, 7)
    await say(app, ANA, "/project ship titanic", "+100 XP")
    await say(app, MOD, "/admin xp ana 300 study buddy", "(now 550)")
    assert await milestone_keys(app, "ana") == ["first-ship", "mastered:python", "streak-7"]
    await say(app, MOD, "/admin xp ana 1000 mentored the newcomers", "(now 1550)")
    assert await milestone_keys(app, "ana") == [
        "first-ship",
        "level:data-practitioner",
        "level:foundations-learner",
        "mastered:python",
        "streak-7",
    ]
    assert await announced(app) == [
        "ana:mastered:python",
        "ana:streak-7",
        "ana:level:foundations-learner",
        "ana:level:data-practitioner",
    ]
    rows = await outbox_rows(app, "milestone")
    assert [r.payload["reply"]["title"] for r in rows[-2:]] == [
        "🎓 Foundations Learner",
        "🎓 Data Practitioner",
    ]
    ladder = await say(app, ANA, "/ladder")
    assert ladder.text.startswith("You are Data Practitioner:")


async def test_a_hundred_correct_answers_is_a_milestone_once(app: App, clock: ManualClock) -> None:
    await say(app, ANA, "/me show")  # enrolled
    questions = list(app.catalog.questions.values())

    async def answers(first: int, last: int) -> None:
        """Correct answers stored as every answer is (history row, topic tally, counters)."""
        async with app.uow() as uow:
            member = (
                await uow.session.execute(select(Member).where(Member.user_id == "ana"))
            ).scalar_one()
            for n in range(first, last):
                question = questions[n % len(questions)]
                day, now = clock.now().date(), clock.now()
                await app.services.quiz.record(
                    uow, member, question, "practice", question.answer, day, f"seeded:{n}", now
                )
            await uow.commit()

    await answers(0, 99)
    await say(app, ANA, "/checkin")  # any action reviews progress
    assert "correct-100" not in await milestone_keys(app, "ana")
    await answers(99, 100)
    await say(app, ANA, "/project add Alpha", "+20 XP")
    assert "correct-100" in await milestone_keys(app, "ana")
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/checkin")
    assert [k for k in await announced(app) if k.endswith("correct-100")] == ["ana:correct-100"]
    async with app.uow(write=False) as uow:
        count = await uow.session.execute(
            select(func.count()).select_from(Milestone).where(Milestone.key == "correct-100")
        )
        assert count.scalar_one() == 1
    (row,) = [r for r in await outbox_rows(app, "milestone") if r.key == "ana:correct-100"]
    assert row.payload["reply"]["text"] == "ana has answered 100 quiz questions correctly."


# --- the ladder --------------------------------------------------------------------------------


async def test_ladder_shows_the_level_and_what_is_missing(app: App) -> None:
    await say(app, ANA, "/checkin")
    ladder = await say(app, ANA, "/ladder")
    assert ladder.private and ladder.title == "Career ladder"
    assert ladder.text.startswith("You are Aspiring Learner: Starting out")
    assert ladder.fields == (
        Field(
            "You have",
            "10 XP · 0 shipped projects · 0 mastered topics · longest streak 1 day",
            inline=False,
        ),
        Field(
            "Next: Foundations Learner",
            "Missing: 590 more XP (you have 10 of 600); a streak of 5 days (your longest is 1).",
            inline=False,
        ),
    )


async def test_a_track_before_senior_is_refused(app: App) -> None:
    await say(app, ANA, "/checkin")
    for command, expected in (
        (
            "/ladder track architect",
            "Tracks open at Senior ML Engineer; you are Aspiring Learner. "
            "See what is missing with /ladder.",
        ),
        ("/ladder track wizard", "track must be one of: architect, research, product."),
    ):
        reply = await app.dispatcher.text(ANA, command)
        assert reply.text == expected
        assert reply.private and reply.error_id is None
    async with app.uow(write=False) as uow:
        track = await uow.session.execute(select(Member.track).where(Member.user_id == "ana"))
        assert track.scalar_one() is None
    assert await milestone_keys(app, "ana") == []


# --- leaderboards ------------------------------------------------------------------------------


ENTRY = re.compile(r"^(?:🥇|🥈|🥉|\d+\.) (\S+) — ([\d,]+) (.+)$")
OWN = re.compile(r"^You: #(\d+) with ([\d,]+) ")


def entries(board: Reply) -> list[tuple[str, int]]:
    """(name, value) of the board's lines, top first."""
    found = [ENTRY.match(line) for line in board.text.split("\n\n")[0].splitlines()]
    return [(m.group(1), int(m.group(2).replace(",", ""))) for m in found if m]


def own(board: Reply) -> tuple[int, int] | str:
    """The caller's (rank, value), or their line when they have no rank."""
    last = board.text.split("\n\n")[-1]
    match = OWN.match(last)
    return (int(match.group(1)), int(match.group(2))) if match else last


async def test_xp_week_board_ties_rank_and_hidden_members(app: App, clock: ManualClock) -> None:
    for who in (ANA, BEN, CY, DAN):  # enrolled in this order
        await say(app, who, "/me show")
    await say(app, CY, "/checkin")
    await say(app, BEN, "/checkin")
    await say(app, BEN, "/project add Churn")
    await say(app, ANA, "/checkin")
    board = await say(app, CY, "/leaderboard")
    assert board.private and board.title == "Leaderboard · XP · the week of 5 Jan 2026"
    assert board.text == (
        "🥇 ben — 30 XP\n🥈 ana — 10 XP\n🥈 cy — 10 XP\n\nYou: #2 with 10 XP."
    )  # ana and cy tie: both hold place 2 (ana, who joined first, is listed first)
    assert own(await say(app, DAN, "/leaderboard xp week")) == "You have no XP here yet."

    await say(app, BEN, "/me hide", "You are hidden from leaderboards.")
    board = await say(app, CY, "/leaderboard")
    assert entries(board) == [("ana", 10), ("cy", 10)] and own(board) == (1, 10)
    board = await say(app, BEN, "/leaderboard")
    assert entries(board) == [("ana", 10), ("cy", 10)]
    assert own(board) == "You are hidden from leaderboards (/me show to appear)."
    # a new week while hidden: the new counters are hidden too
    clock.advance(timedelta(days=7))
    await say(app, BEN, "/checkin")
    await say(app, ANA, "/checkin")
    board = await say(app, ANA, "/leaderboard")
    assert entries(board) == [("ana", 10)] and own(board) == (1, 10)
    board = await say(app, ANA, "/leaderboard xp all")
    assert entries(board) == [("ana", 20), ("cy", 10)] and own(board) == (1, 20)
    await say(app, BEN, "/me show", "shown on leaderboards again")
    board = await say(app, ANA, "/leaderboard")
    assert entries(board) == [("ana", 10), ("ben", 10)] and own(board) == (1, 10)
    board = await say(app, CY, "/leaderboard xp all")
    assert entries(board) == [("ben", 40), ("ana", 20), ("cy", 10)] and own(board) == (3, 10)


async def test_month_includes_last_week_but_this_week_does_not(
    app: App, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 1, 8, 10, 0, tzinfo=UTC))  # Thursday of the week of 5 Jan
    await say(app, ANA, "/checkin")
    await say(app, ANA, "/project add Alpha")
    await say(app, BEN, "/checkin")
    clock.set(datetime(2026, 1, 13, 10, 0, tzinfo=UTC))  # Tuesday of the next week, same month
    await say(app, BEN, "/checkin")
    week = await say(app, ANA, "/leaderboard xp week")
    assert week.title == "Leaderboard · XP · the week of 12 Jan 2026"
    assert entries(week) == [("ben", 10)] and own(week) == "You have no XP here yet."
    month = await say(app, ANA, "/leaderboard period:month")
    assert month.title == "Leaderboard · XP · January 2026"
    assert entries(month) == [("ana", 30), ("ben", 20)] and own(month) == (1, 30)
    alltime = await say(app, BEN, "/leaderboard xp all")
    assert alltime.title == "Leaderboard · XP · all time"
    assert entries(alltime) == [("ana", 30), ("ben", 20)] and own(alltime) == (2, 20)


async def test_quiz_board_counts_correct_answers(app: App) -> None:
    for who, results in ((ANA, (True, True)), (BEN, (True, False)), (CY, (False,))):
        for correct in results:
            asked = await say(app, who, "/quiz")
            await app.dispatcher.press(who, button(asked, correct, question_of(app, asked)))
    board = await say(app, CY, "/leaderboard quiz")
    assert board.title == "Leaderboard · correct answers · the week of 5 Jan 2026"
    assert entries(board) == [("ana", 2), ("ben", 1)]
    assert own(board) == "You have no correct answers here yet."
    assert own(await say(app, BEN, "/leaderboard quiz all")) == (2, 1)


async def test_streak_board_of_all_time_shows_live_streaks_only(
    app: App, clock: ManualClock
) -> None:
    for who in (ANA, BEN, CY, DAN):
        await say(app, who, "/me show")
    for day in range(7):  # Mon 5 Jan .. Sun 11 Jan
        await say(app, ANA, "/checkin")
        if day < 4:
            await say(app, BEN, "/checkin")  # ben's last day is Thu 8 Jan: broken by Sunday
        if day == 0:
            await say(app, DAN, "/checkin")  # long gone
        if day == 6:
            await say(app, CY, "/checkin")
            break
        clock.advance(timedelta(days=1))
    week = await say(app, CY, "/leaderboard streak")
    assert week.title == "Leaderboard · days studied · the week of 5 Jan 2026"
    assert entries(week) == [("ana", 7), ("ben", 4), ("cy", 1), ("dan", 1)]
    assert own(week) == (3, 1)
    live = await say(app, CY, "/leaderboard streak all")
    assert live.title == "Leaderboard · day streak · all time"
    assert entries(live) == [("ana", 7), ("cy", 1)]  # ben's and dan's streaks are broken
    ben = await say(app, BEN, "/leaderboard streak all")
    assert own(ben) == "You have no day streak here yet."
    # cy is second of the live streaks: a broken streak is ahead of nobody
    assert own(live) == (2, 1), live.text


async def test_bad_metric_or_period_is_one_private_line(app: App) -> None:
    await say(app, ANA, "/checkin")
    cases = [
        ("/leaderboard points", "metric must be one of: xp, streak, quiz."),
        ("/leaderboard xp year", "period must be one of: week, month, all."),
        ("/leaderboard period:decade", "period must be one of: week, month, all."),
        ("/leaderboard xp week extra", "Only the quiz board has topics"),
        ("/leaderboard quiz week extra more", "I did not expect `more`."),
    ]
    for command, expected in cases:
        reply = await app.dispatcher.text(ANA, command)
        assert expected in reply.text, reply.text
        assert reply.private and reply.error_id is None and "\n" not in reply.text
    leaderboard = app.dispatcher.commands.find(("leaderboard",))
    assert leaderboard is not None
    for args, expected in (
        ({"metric": "karma"}, "metric must be one of: xp, streak, quiz."),
        ({"period": "year"}, "period must be one of: week, month, all."),
    ):
        reply = await app.dispatcher.command(ANA, leaderboard, args)
        assert reply.text == expected and reply.private and reply.error_id is None


async def test_a_live_streak_west_of_the_group_is_listed_and_ranked(
    app: App, clock: ManualClock
) -> None:
    """Group in Tokyo, Ben in Los Angeles: on his Monday evening it is Tuesday in Tokyo,
    and his Sunday check-in is still a live streak by his own day."""
    await say(app, MOD, "/admin setup #study 09:00 Asia/Tokyo")
    await say(app, BEN, "/timezone America/Los_Angeles")
    clock.set(datetime(2026, 1, 11, 20, 0, tzinfo=UTC))  # Sun 11 Jan 12:00 in Los Angeles
    await say(app, BEN, "/checkin", "Checked in for Sun 11 Jan 2026")
    clock.set(datetime(2026, 1, 13, 1, 0, tzinfo=UTC))  # Mon 17:00 LA, Tue 10:00 Tokyo
    board = await say(app, BEN, "/leaderboard streak all")
    assert entries(board) == [("ben", 1)] and own(board) == (1, 1)


async def test_a_member_from_before_the_upgrade_gets_no_burst_of_old_news(
    app: App, clock: ManualClock
) -> None:
    """Migration 0005 marks existing members; their first review records silently."""
    await days_of_checkins(app, clock, ANA, 7)
    async with app.uow() as uow:  # as if ana had been here before milestones existed
        ana = (
            await uow.session.execute(select(Member).where(Member.user_id == "ana"))
        ).scalar_one()
        await uow.session.execute(text("DELETE FROM milestones"))
        await uow.session.execute(text("DELETE FROM outbox WHERE kind = 'milestone'"))
        await uow.milestones.record(ana.id, "baseline", clock.now())
        ana.milestones_digest = None  # and before migration 0006: her next review is in full
        await uow.commit()
    await say(app, ANA, "/project add Alpha https://github.com/ana/alpha")  # any action reviews her
    assert await milestone_keys(app, "ana") == ["streak-7"]  # the mark is gone
    assert await announced(app) == []
    await say(app, ANA, "/project update alpha started")
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/project ship alpha")  # news from now on is announced
    assert [r.payload["reply"]["title"] for r in await outbox_rows(app, "project")] == [
        "🚀 First project shipped"
    ]
