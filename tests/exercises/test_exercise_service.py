"""The exercise use cases on a real database (SQLite, and Postgres when asked) with the two
fixture exercises: fetch, fail (an FSRS review), pass (XP once, ladder evidence), list, the
daily post, /admin stats, /me export and /me delete, and a missing sandbox."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.commands.spec import Upload
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.content.yamlfile import ContentProblem
from bot.domain.ladder import Progress, missing
from bot.exercises.content import load_exercises
from bot.exercises.runtime import Runtime
from bot.exercises.sandbox import Sandbox
from bot.services.actor import Actor
from tests.exercises.conftest import FIXTURES

ANA = Actor("console", "lab", "ana", "ana")
MOD = Actor("console", "lab", "mod", "mod")


def fixture_catalog(catalog: Catalog) -> Catalog:
    problems: list[ContentProblem] = []
    pack = load_exercises(FIXTURES, problems)
    assert not problems and len(pack) == 2
    return replace(catalog, exercises=pack)


@pytest.fixture
async def lab(
    db_url: str, clock: ManualClock, catalog: Catalog, runtime: Runtime
) -> AsyncIterator[App]:
    built = build(
        Settings(database_url=db_url),
        clock=clock,
        catalog=fixture_catalog(catalog),
        sandbox=Sandbox(runtime=runtime, probe=False),
    )
    yield built
    await built.aclose()


def code(exercise_id: str, name: str) -> str:
    return (FIXTURES / "exercises" / exercise_id / name).read_text()


async def say(app: App, actor: Actor, text: str) -> str:
    reply = await app.dispatcher.text(actor, text)
    return "\n".join(
        [reply.title or "", reply.text, *(f"{f.name}: {f.value}" for f in reply.fields)]
    )


async def test_fetch_fail_review_pass_once(lab: App, clock: ManualClock) -> None:
    await lab.dispatcher.text(MOD, "/checkin setting up")  # the first member moderates
    shown = await lab.dispatcher.text(ANA, "/exercise")
    assert shown.title == "🧪 Clip values into a range (clip-values)"
    assert "```python\nimport numpy as np" in shown.text  # short: a code block
    assert shown.attachment is not None and shown.attachment.filename == "clip_values.py"
    assert b"raise NotImplementedError" in shown.attachment.data

    failed = await lab.services.exercises.submit(
        ANA, "clip-values", code("clip-values", "starter.py")
    )
    assert failed.title == "❌ Not yet: Clip values into a range"
    assert "❌ test_clips_both_ends" in failed.text
    assert "Hidden tests: 0 of 3 passed" in failed.text
    assert "First failure: NotImplementedError" in failed.text
    assert "comes back for review" in failed.text
    assert "/work" not in failed.text and "/tmp/pytest" not in failed.text

    clock.advance(timedelta(days=1))  # FSRS "again": due within the day
    listed = await say(lab, ANA, "/exercise list")
    assert "❌ clip-values: easy, 20 XP (review due)" in listed
    assert "Step 1 Foundations" in listed or "Step 1" in listed
    again = await lab.dispatcher.text(ANA, "/exercise")
    assert again.text.startswith("Due for review")

    passed = await lab.services.exercises.submit(
        ANA, "clip-values", code("clip-values", "solution.py")
    )
    assert passed.title == "✅ Passed: Clip values into a range"
    assert "✅ test_clips_both_ends" in passed.text and "✅ test_keeps_values_inside" in passed.text
    assert "Hidden tests: 3 of 3 passed" in passed.text
    assert "+20 XP" in passed.text
    twice = await lab.services.exercises.submit(
        ANA, "clip-values", code("clip-values", "solution.py")
    )
    assert "Passed again (the XP counts once)." in twice.text
    assert "XP" not in twice.text.replace("the XP counts once", "")

    async with lab.uow(write=False) as uow:
        member = await uow.members.get(
            (await uow.communities.get("console", "lab")).id,  # type: ignore[union-attr]
            "ana",
        )
        assert member is not None
        assert member.exercises_passed == 1
        ledger = [e for e in await uow.xp.ledger(member.id) if e.reason == "exercise"]
        assert [(e.amount, e.source_key) for e in ledger] == [(20, "exercise:clip-values")]
        assert (await uow.exercises.due(member.id, clock.now() + timedelta(days=400))) == []

    listed = await say(lab, ANA, "/exercise list")
    assert "✅ clip-values" in listed and "1 of 2 passed" in listed
    nxt = await lab.dispatcher.text(ANA, "/exercise")
    assert nxt.title == "🧪 Row means that skip missing values (row-means)"

    stats = await say(lab, MOD, "/admin stats")
    assert "clip-values: 1/1 passed (100%), 3 submissions" in stats


async def test_export_and_delete(lab: App) -> None:
    await lab.services.exercises.submit(ANA, "row-means", code("row-means", "starter.py"))
    exported = await lab.dispatcher.text(ANA, "/me export")
    assert exported.attachment is not None
    document = json.loads(exported.attachment.data)
    (sub,) = document["members"][0]["exercises"]
    assert sub["exercise"] == "row-means" and sub["verdict"] == "failed"
    assert sub["hidden_tests"][1] == 3 and "fillna" in sub["code"]

    asked = await lab.dispatcher.text(ANA, "/me delete")
    await lab.dispatcher.press(ANA, asked.buttons[0].custom_id)
    async with lab.uow(write=False) as uow:
        rows = await uow.exercises.pass_rates(
            (await uow.communities.get("console", "lab")).id  # type: ignore[union-attr]
        )
    assert rows == []


async def test_bad_submissions_are_one_line(lab: App) -> None:
    unknown = await lab.dispatcher.text(ANA, "/exercise nope")
    assert unknown.text == "There is no exercise called nope. Type /exercise list to see them."
    submit = lab.dispatcher.commands.find(("exercise", "submit"))
    assert submit is not None
    notes = Upload("x = 1\n", "notes.txt")
    wrong = await lab.dispatcher.command(ANA, submit, {"exercise": "clip-values", "file": notes})
    assert wrong.text == "Send a Python file (.py)."
    big = await lab.dispatcher.command(
        ANA, submit, {"exercise": "clip-values", "code": "#" * (65 * 1024)}
    )
    assert big.text == "Your code is over 64 KB; exercises need far less."
    blank = await lab.dispatcher.command(ANA, submit, {"exercise": "clip-values", "code": " "})
    assert blank.text.startswith("That submission is empty")


async def test_without_a_sandbox_nothing_runs(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> None:
    app = build(
        Settings(database_url=db_url),
        clock=clock,
        catalog=fixture_catalog(catalog),
        sandbox=Sandbox(runtime="bubblewrap is not installed (apt-get install bubblewrap)"),
    )
    try:
        shown = await app.dispatcher.text(ANA, "/exercise clip-values")
        assert shown.text.startswith(
            "Exercises cannot be graded here: bubblewrap is not installed (apt-get install "
            "bubblewrap). Nothing runs without a sandbox."
        )
        refused = await app.dispatcher.text(ANA, "/exercise submit clip-values def clip(): pass")
        assert refused.text.count("\n") == 0 and "bubblewrap is not installed" in refused.text
        async with app.uow(write=False) as uow:
            assert await uow.communities.get("console", "lab") is None  # nothing stored
    finally:
        await app.aclose()


def test_ladder_levels_from_junior_need_exercises(catalog: Catalog) -> None:
    levels = {lvl.key: lvl for lvl in catalog.ladder.levels}
    assert levels["ml-practitioner"].evidence.exercises == 0
    counts = [levels[k].evidence.exercises for k in ("junior-ml-engineer", "ml-engineer")]
    assert counts[0] > 0 and counts[1] > counts[0]
    gaps = missing(levels["junior-ml-engineer"], Progress(xp=10**6, exercises=3))
    assert f"{counts[0] - 3} more exercises passed (/exercise)" in gaps


def test_the_daily_post_names_the_days_exercise(catalog: Catalog) -> None:
    from datetime import date

    from bot.db.models import Community
    from bot.services.daily_posts import DailyPosts

    posts = DailyPosts(fixture_catalog(catalog), None)  # type: ignore[arg-type]
    community = Community(roadmap_start=date(2026, 1, 5))
    day_two = posts.day_reply(community, date(2026, 1, 6))
    assert day_two is not None
    assert ("Exercise", "Clip values into a range: /exercise clip-values") in [
        (f.name, f.value) for f in day_two.fields
    ]
    day_one = posts.day_reply(community, date(2026, 1, 5))
    assert day_one is not None and "Exercise" not in [f.name for f in day_one.fields]
