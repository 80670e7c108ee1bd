"""Words that match what users see (issue 13, items 4, 5 and 8): help for every command,
difficulty words, the text grammar's quoted values and trailing status, subcommand lists,
one sentence for number limits, plurals and a bare /remind, through the real grammar,
services and database, on SQLite and Postgres."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.commands.grammar import parse
from bot.db.models import CustomQuestion, QuizRound
from bot.platforms.console.clockwork import ManualSleeper
from bot.replies import Reply
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_progress import moderator_first
from tests.integration.test_projects import snapshot
from tests.integration.test_quiz_service import Recorder

MOD, ANA, BEN = console_actor("mod"), console_actor("ana"), console_actor("ben")


async def say(app: App, actor: Actor, command: str) -> Reply:
    reply = await app.dispatcher.text(actor, command)
    assert reply.error_id is None, reply.text
    return reply


async def members(app: App) -> list[str]:
    async with app.uow(write=False) as uow:
        rows = await uow.session.execute(text("SELECT user_id FROM members ORDER BY user_id"))
        return [str(r) for r in rows.scalars()]


# --- help for every command (item 4) ----------------------------------------------------------


async def test_every_command_shows_its_usage_and_an_example(app: App) -> None:
    for command in app.dispatcher.commands.commands:
        shown = await say(app, ANA, f"/help {command.name}")
        assert shown.private and shown.title == f"/{command.name}", command.name
        usage, example = shown.text.splitlines()[1:3]
        assert usage == f"Usage: {command.usage}", command.name
        assert example.startswith("Example: /"), command.name
        assert parse(app.dispatcher.commands, example.removeprefix("Example: ")).command is command
        for asked in (f"/{command.name} help", f"/{command.name} --help", f"{command.name} -h"):
            assert await say(app, ANA, asked) == shown, asked
    assert await members(app) == []  # asking how stores nothing


async def test_checkin_help_shows_usage_instead_of_becoming_a_note(app: App) -> None:
    for asked in ("/checkin --help", "/checkin help", "/help checkin"):
        shown = await say(app, ANA, asked)
        assert shown.text == (
            "Check in for today's study; add what you did as a note.\n"
            "Usage: /checkin [note]\n"
            "Example: /checkin read ch. 3 of the deep learning book"
        ), asked
    checkin = app.dispatcher.commands.find(("checkin",))
    assert checkin is not None
    on_discord = await app.dispatcher.command(ANA, checkin, {"note": "--help"})
    assert on_discord.text.startswith("Check in for today's study")
    assert await members(app) == []  # no check-in, no enrolment
    noted = await say(app, ANA, "/checkin help with numpy broadcasting")
    assert noted.text.startswith("Checked in for Mon 5 Jan 2026")


async def test_help_for_a_group_and_for_no_command(app: App) -> None:
    quiz = await say(app, ANA, "/quiz help")
    assert quiz.title == "/quiz" and quiz == await say(app, ANA, "/help quiz")
    assert quiz.text == "The /quiz commands. /help quiz SUBCOMMAND shows one with an example."
    assert quiz.fields[0].name == "/quiz practice [topic] [easy|medium|hard|senior]"
    nothing = await say(app, ANA, "/help dance")
    assert nothing.text == "There is no command /dance. Type /help to see all commands."


async def test_a_bare_or_unknown_admin_subcommand_lists_the_subcommands(app: App) -> None:
    await moderator_first(app)
    bare = await say(app, MOD, "/admin")
    unknown = await say(app, MOD, "/admin dance")
    listed = (
        "setup, pause, roadmap-day, roadmap-restart, xp, streak-restore, mods, audit, "
        "quiz disable|add|import, ladder-roles, stats, export, resume, project reject, post-now, "
        "pair now|pause|resume, compete open|close, dashboard"
    )
    assert bare.text == f"/admin needs one of: {listed}. Type /help admin for how to use each."
    assert unknown.text == (
        f"/admin has no `dance`; it has: {listed}. Type /help admin for how to use each."
    )
    deeper = await say(app, MOD, "/admin quiz")
    assert deeper.text == (
        "/admin quiz needs one of: disable, add, import. Type /help admin quiz for how to use each."
    )


# --- difficulty words (item 5) -----------------------------------------------------------------


async def test_difficulty_is_typed_as_it_is_labelled(app: App) -> None:
    for typed, label in (("easy", "easy"), ("1", "easy"), ("3", "hard"), ("MEDIUM", "medium")):
        asked = await say(app, ANA, f"/quiz numpy {typed}")
        assert asked.title == f"NumPy · {label}", typed
        await say(app, ANA, "/quiz skip")
    senior = await say(app, ANA, "/quiz difficulty:senior")
    assert senior.title is not None and senior.title.endswith(" · senior")
    refused = await say(app, ANA, "/quiz numpy expert")
    assert refused.text == "difficulty must be one of: easy, medium, hard, senior (or 1, 2, 3, 4)."


async def test_a_round_and_a_groups_question_take_difficulty_words(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, sleeper, _ = quiz_app
    await moderator_first(app)
    started = await say(app, ANA, "/quiz round 3 5 statistics hard")
    assert "3 questions, 5 seconds each" in started.text
    added = await say(
        app,
        MOD,
        '/admin quiz add numpy medium 2 "Which attribute holds the shape of an array a?" '
        '"len(a) | a.shape | a.size" a.shape is one length per axis; len(a) is only the first',
    )
    assert added.text.startswith("Added c1-numpy-")
    async with app.uow(write=False) as uow:
        round_ = (await uow.session.execute(select(QuizRound))).scalar_one()
        own = (await uow.session.execute(select(CustomQuestion))).scalar_one()
    assert {app.catalog.questions[q].difficulty for q in round_.question_ids} == {3}
    assert own.data["difficulty"] == 2
    await say(app, MOD, "/quiz stop")
    await sleeper.settle(app.background)


# --- the text grammar (item 5) ----------------------------------------------------------------


async def test_quoted_values_and_a_trailing_status_word(app: App, clock: ManualClock) -> None:
    await say(app, ANA, "/project add Titanic")
    quoted = await say(app, ANA, '/project update titanic note:"trained a baseline"')
    assert quoted.text == "Noted on Titanic (idea; +10 XP)."
    clock.advance(timedelta(days=1))
    trailing = await say(app, ANA, "/project update titanic cleaned the data building")
    assert trailing.text == "Noted on Titanic (building; +10 XP)."
    listed = await say(app, ANA, "/project list")
    assert listed.fields[0].value.splitlines() == [
        "🔧 building",
        "latest: cleaned the data (06 Jan)",
    ]
    # a note may end in "idea": only a last "building" is taken as the status
    idea = await say(app, ANA, "/project update titanic sketched a new idea")
    assert idea.text == "Noted on Titanic (building; updates earn XP once per project per day)."


async def test_an_ambiguous_project_start_lists_the_matches(app: App) -> None:
    await say(app, ANA, '/project add "Titanic survival"')
    await say(app, ANA, '/project add "Tiny GPT"')
    before = await snapshot(app)
    both = await say(app, ANA, "/project update ti more work")
    assert both.text == (
        "2 projects start with ti: Titanic survival, Tiny GPT. Type more of the name."
    )
    assert await snapshot(app) == before
    one = await say(app, ANA, "/project update tit more work")
    assert one.text == "Noted on Titanic survival (idea; +10 XP)."


# --- number limits, plurals, /remind (items 5 and 8) --------------------------------------------


async def test_every_number_limit_is_said_the_same_way(app: App) -> None:
    await moderator_first(app)
    commands = app.dispatcher.commands
    for typed, name, args, said in (
        (
            "/admin roadmap-day 100",
            "admin roadmap-day",
            {"day": 100},
            "day must be between 1 and 84.",
        ),
        ("/me pause 99", "me pause", {"days": 99}, "days must be between 1 and 14."),
        ("/quiz round 50", "quiz round", {"count": 50}, "count must be between 1 and 20."),
        ("/quiz round 5 4", "quiz round", {"seconds": 4}, "seconds must be between 5 and 120."),
    ):
        assert (await say(app, MOD, typed)).text == said, typed
        command = commands.named(name)
        assert command is not None
        # as Discord sends it, past its range check (an old registration, a crafted request)
        assert (await app.dispatcher.command(MOD, command, args)).text == said, name


async def test_one_thing_is_one_and_two_are_plural(app: App, clock: ManualClock) -> None:
    await moderator_first(app)
    await say(app, ANA, "/project add Titanic")
    assert (await say(app, ANA, "/project list")).text == "1 project, 0 shipped."
    await say(app, BEN, "/checkin")
    clock.advance(timedelta(days=2))
    restored = await say(app, MOD, "/admin streak-restore ben 1 the bot was down")
    assert restored.text == (
        "Restored 1 day for ben (Tue 6 Jan 2026 to Tue 6 Jan 2026); their streak is 2 days. "
        "Reason recorded: the bot was down"
    )


async def test_a_bare_remind_shows_the_setting_and_stores_nothing(app: App) -> None:
    off = await say(app, ANA, "/remind")
    assert off.text == (
        "Reminders are off. /remind on [HH:MM] sends you a private nudge on study days you have "
        "not checked in by then (default 20:00, your time: UTC)."
    )
    assert await members(app) == []
    await say(app, ANA, "/timezone Asia/Kolkata")
    await say(app, ANA, "/remind on 19:30")
    on = await say(app, ANA, "/remind")
    assert on.text == (
        "Reminders are on: at 19:30 (Asia/Kolkata) on study days you have not checked in by "
        "then. /remind on HH:MM moves them; /remind off stops them."
    )
    await say(app, ANA, "/remind off")
    assert (await say(app, ANA, "/remind")).text.startswith("Reminders are off.")
