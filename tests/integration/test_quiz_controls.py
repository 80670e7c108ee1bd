"""/quiz stop, /quiz skip and /quiz review through the console dispatcher, on SQLite and
Postgres."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.console.clockwork import ManualSleeper
from tests.helpers import console_actor
from tests.integration.test_quiz_service import Recorder, button, export, question_of


async def test_the_starter_stops_a_round_with_the_scores_so_far(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, sleeper, recorder = quiz_app
    ana, ben, cy = console_actor("ana"), console_actor("ben"), console_actor("cy")
    await app.dispatcher.text(ana, "/me show")  # ana, the console's first member, moderates
    await app.dispatcher.text(cy, "/me show")

    none = await app.dispatcher.text(ben, "/quiz stop")
    assert none.private and none.text == "No quiz round is running in this channel."

    await app.dispatcher.text(ben, "/quiz round 3 10")
    await sleeper.settle(app.background)
    _, asked = recorder.posts[-1]
    question = question_of(app, asked)
    clock.advance(timedelta(seconds=1))
    assert "Locked in" in (await app.dispatcher.press(ben, button(asked, True, question))).text

    refused = await app.dispatcher.text(cy, "/quiz stop")
    assert refused.private and "\n" not in refused.text
    assert refused.text == "Only the member who started this round or a moderator can stop it."
    assert recorder.posts[-1][1] is asked  # nothing posted, the round goes on

    stopped = await app.dispatcher.text(ben, "/quiz stop")
    assert stopped.private and "You stopped the round" in stopped.text
    final = recorder.posts[-1][1]
    assert final.title == "Round over — final scores"
    assert "ben stopped the round: these are the scores so far." in final.text
    assert "ben +6 XP" in final.text and final.fields[0].value == "1. ben — 3 pts"
    late = await app.dispatcher.press(ana, button(asked, True, question))
    assert "closed" in late.text

    # the round's task wakes at the question's deadline and posts nothing more
    posted = len(recorder.posts)
    clock.advance(timedelta(seconds=30))
    await sleeper.settle(app.background)
    assert len(recorder.posts) == posted and app.background.running == 0
    assert (await export(app, ben))["xp"] == 6
    assert (await app.dispatcher.text(ben, "/quiz stop")).text.startswith("No quiz round")
    again = await app.dispatcher.text(cy, "/quiz round 1 5")
    assert "started a quiz round" in again.text  # the channel is free again


async def test_a_moderator_stops_someone_elses_round(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, sleeper, recorder = quiz_app
    ana, ben = console_actor("ana"), console_actor("ben")
    await app.dispatcher.text(ana, "/me show")  # the first console member moderates
    await app.dispatcher.text(ben, "/quiz round 2 10")
    await sleeper.settle(app.background)
    stopped = await app.dispatcher.text(ana, "/quiz stop")
    assert stopped.private and "You stopped the round" in stopped.text
    final = recorder.posts[-1][1]
    assert "ana stopped the round" in final.text and "\nNo XP this time." in final.text
    audit = await app.dispatcher.text(ana, "/admin audit")
    assert [f.name.split(" · ")[1] for f in audit.fields] == ["quiz stop"]


async def test_skip_closes_the_prompt_without_a_penalty_and_asks_the_next(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    asked = await app.dispatcher.text(ana, "/quiz numpy")
    skipped = question_of(app, asked)

    nxt = await app.dispatcher.text(ana, "/quiz skip")
    following = question_of(app, nxt)
    assert nxt.private and nxt.buttons and nxt.title and nxt.title.startswith("NumPy · ")
    assert following.id != skipped.id and app.catalog.topic_of[following.id] == "numpy"

    stale = await app.dispatcher.press(ana, button(asked, True, skipped))
    assert stale.text == "That question was skipped or is closed. Type /quiz for a new one."
    member = await export(app, ana)
    assert member["xp"] == 0 and member["quiz"]["answered"] == 0
    review = await app.dispatcher.text(ana, "/quiz review")
    assert "no review cards yet" in review.text  # no FSRS card for the skipped question

    # the next question still answers as usual
    right = await app.dispatcher.press(ana, button(nxt, True, following))
    assert "Correct" in right.text and "+5 XP" in right.text
    # with no open question, skip asks the next one as /quiz does
    fresh = await app.dispatcher.text(ana, "/quiz skip")
    assert fresh.private and question_of(app, fresh).id
    assert (await export(app, ana))["quiz"]["answered"] == 1


async def test_review_lists_due_questions_by_topic_without_answers(
    quiz_app: tuple[App, ManualSleeper, Recorder], clock: ManualClock
) -> None:
    app, _, _ = quiz_app
    ana = console_actor("ana")
    empty = await app.dispatcher.text(ana, "/quiz review")
    assert empty.private and "Nothing is due for review" in empty.text

    asked = await app.dispatcher.text(ana, "/quiz sql")
    missed = question_of(app, asked)
    await app.dispatcher.press(ana, button(asked, False, missed))
    soon = await app.dispatcher.text(ana, "/quiz review")
    assert soon.private and "Nothing is due for review right now" in soon.text
    assert "The next one is due in 1 minute." in soon.text

    clock.advance(timedelta(minutes=2))  # FSRS relearning step after a miss is 1 minute
    due = await app.dispatcher.text(ana, "/quiz review")
    assert due.private and due.title == "Due for review"
    # The whole reply, word for word: counts, topics and commands, never the question or its
    # answer. (A substring test for the answer failed whenever the answer was short, like "4",
    # and happened to occur in "24 hours".)
    assert due.text == (
        "1 question due for review now. /quiz asks due reviews first; /quiz TOPIC keeps to one "
        "topic.\nLater: 0 more in the next 24 hours, 0 within a week."
    )
    assert [(f.name, f.value) for f in due.fields] == [("Topics", "SQL: 1 · /quiz sql")]
    shown = due.text + " ".join(f.value for f in due.fields)
    assert missed.stem not in shown


async def test_bad_input_to_the_controls_is_one_private_line_and_changes_nothing(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, _, recorder = quiz_app
    ana = console_actor("ana")
    asked = await app.dispatcher.text(ana, "/quiz numpy")
    question = question_of(app, asked)
    for text in ("/quiz stop now", "/quiz skip 3", "/quiz review all"):
        reply = await app.dispatcher.text(ana, text)
        assert reply.private and "\n" not in reply.text and "I did not expect" in reply.text
    # the open question was not skipped: it still answers
    right = await app.dispatcher.press(ana, button(asked, True, question))
    assert "Correct" in right.text
    assert recorder.posts == []


async def test_a_console_round_runs_in_the_channel_set_up(
    quiz_app: tuple[App, ManualSleeper, Recorder],
) -> None:
    app, sleeper, recorder = quiz_app
    mod = console_actor("mod")
    await app.dispatcher.text(mod, "/me show")  # the console's first member moderates
    await app.dispatcher.text(mod, "/quiz round 1 10")
    await sleeper.settle(app.background)
    assert recorder.posts[-1][0] == "study-group"  # no channel set up yet: the console's own
    await app.dispatcher.text(mod, "/quiz stop")
    await app.dispatcher.text(mod, "/admin setup #ml-study 09:00 UTC")
    await app.dispatcher.text(mod, "/quiz round 1 10")
    await sleeper.settle(app.background)
    assert recorder.posts[-1][0] == "ml-study"
    stopped = await app.dispatcher.text(mod, "/quiz stop")
    assert "You stopped the round" in stopped.text, stopped.text
