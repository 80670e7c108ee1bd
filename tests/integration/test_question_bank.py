"""A community's own questions: /admin quiz add and /admin quiz import (SQLite and Postgres)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.bootstrap import App
from bot.commands.spec import Upload
from bot.content import imports
from tests.helpers import console_actor
from tests.integration.test_moderation import BEN, MOD, ONE_QUESTION, app, snapshot

__all__ = ["app"]

GOOD = """\
topic: pandas
name: pandas
questions:
  - id: pandas-901
    difficulty: 1
    step: 2
    stem: "Which method shows the first five rows of a DataFrame df?"
    choices: ["df.head()", "df.first()", "df.top()"]
    answer: 1
    explanation: >-
      df.head() returns the first n rows (5 by default); first() selects by date offset
      and top() does not exist.
  - id: pandas-902
    difficulty: 2
    step: 2
    stem: "What does df.dropna() return by default?"
    choices:
      - "A new DataFrame without rows holding any NaN"
      - "The same DataFrame, changed in place"
    answer: 1
    explanation: >-
      dropna returns a new DataFrame and drops every row with at least one missing value;
      inplace=True would change df itself.
"""

# The second question (YAML line 12) has a bad answer, the third an unknown field (line 23).
MALFORMED = """\
topic: pandas
name: pandas
questions:
  - id: pandas-903
    difficulty: 1
    step: 2
    stem: "Which attribute gives a DataFrame's column labels?"
    choices: ["df.columns", "df.labels"]
    answer: 1
    explanation: >-
      df.columns is an Index of the column labels; df.labels does not exist on a DataFrame.
  - id: pandas-904
    difficulty: 1
    step: 2
    stem: "Which method counts the rows per value of a Series s?"
    choices: ["s.value_counts()", "s.count_values()"]
    answer: 3
    explanation: >-
      value_counts returns the count of each distinct value, sorted from the most frequent.
  - id: pandas-905
    difficulty: 1
    step: 2
    colour: blue
    stem: "Which method sorts a DataFrame by a column?"
    choices: ["df.sort_values('a')", "df.order('a')"]
    answer: 1
    explanation: >-
      sort_values sorts by one or more columns; there is no order method on a DataFrame.
"""


async def only_own_questions(app: App, topic: str) -> None:
    """Take the bank's questions of ``topic`` out, so practice can only ask the group's own."""
    async with app.uow() as uow:
        community = await uow.communities.get("console", "local")
        assert community is not None
        for question in app.catalog.topics[topic].questions:
            await uow.quiz.set_disabled(community.id, question.id, True, app.clock.now())
        await uow.commit()


async def import_text(app: App, text: str, name: str | None = "import.yaml") -> str:
    """The reply to an import of ``text``, uploaded as a file called ``name`` (None: pasted
    into a form)."""
    command = app.dispatcher.commands.find(("admin", "quiz", "import"))
    assert command is not None
    bank = text if name is None else Upload(text, name)
    reply = await app.dispatcher.command(MOD, command, {"bank": bank})
    assert reply.private and not reply.is_error
    return reply.text


async def test_a_malformed_bank_imports_nothing_and_names_every_problem_by_line(app: App) -> None:
    before = await snapshot(app)
    text = await import_text(app, MALFORMED)
    assert text.startswith("Nothing was imported")
    assert "import.yaml:12: questions[1]" in text and "answer 3 but only 2 choices" in text
    assert "import.yaml:23: questions[2].colour" in text
    assert await snapshot(app) == before  # the good first question was not kept either


async def test_an_import_joins_practice_once_and_cannot_be_repeated(app: App) -> None:
    text = await import_text(app, GOOD)
    assert "Imported 2 questions into pandas" in text and "c1-pandas-901" in text
    again = await import_text(app, GOOD)
    assert "pandas-901 was imported already" in again and "same stem as question" in again
    await only_own_questions(app, "pandas")
    asked = await app.dispatcher.text(BEN, "/quiz pandas 1")
    assert asked.text == "Which method shows the first five rows of a DataFrame df?"


async def test_a_question_added_by_form_is_practised_and_can_be_disabled(app: App) -> None:
    reply = await app.dispatcher.text(
        MOD,
        '/admin quiz add sql 3 2 "Which clause filters groups after GROUP BY?" '
        '"WHERE | HAVING | ORDER BY" HAVING filters aggregated groups; WHERE filters rows '
        "before they are grouped.",
    )
    assert "Added c1-sql-001" in reply.text, reply.text
    await only_own_questions(app, "sql")
    asked = await app.dispatcher.text(BEN, "/quiz sql 3")
    assert asked.text == "Which clause filters groups after GROUP BY?"
    assert "out of" in (await app.dispatcher.text(MOD, "/admin quiz disable c1-sql-001")).text
    gone = await app.dispatcher.text(BEN, "/quiz sql 3")
    assert gone.text == "No questions match that topic and difficulty."


async def test_a_group_may_add_senior_questions_by_form_and_by_import(app: App) -> None:
    reply = await app.dispatcher.text(
        MOD,
        '/admin quiz add ml-system-design 4 1 "Which store serves features at request time?" '
        '"The online store | The offline store" The online store answers key lookups in '
        "milliseconds; the offline store keeps history for training.",
    )
    assert "Added c1-ml-system-design-001" in reply.text, reply.text
    senior = GOOD.replace("difficulty: 2", "difficulty: 4")
    assert "Imported 2 questions into pandas" in await import_text(app, senior)
    await only_own_questions(app, "pandas")
    asked = await app.dispatcher.text(BEN, "/quiz pandas 4")
    assert asked.text == "What does df.dropna() return by default?"
    assert asked.title == "pandas · senior"


async def test_an_import_with_difficulty_five_names_its_line(app: App) -> None:
    before = await snapshot(app)
    text = await import_text(app, GOOD.replace("difficulty: 2", "difficulty: 5"))
    assert "import.yaml:14: questions[1].difficulty: must be 1, 2, 3 or 4" in text
    assert await snapshot(app) == before


async def test_a_question_already_in_the_bank_is_refused(app: App) -> None:
    await import_text(app, ONE_QUESTION)
    before = await snapshot(app)
    reply = await app.dispatcher.text(
        MOD,
        '/admin quiz add numpy 1 2 "what does  np.arange(3) return?" "a | b" '
        "np.arange counts from 0 up to, not including, 3 and returns an array.",
    )
    assert "already has this question: c1-numpy-901" in reply.text
    assert await snapshot(app) == before


@pytest.mark.parametrize("text", ["", "just a string", "- a\n- list", "topic: numpy\n"])
async def test_nonsense_imports_change_nothing(app: App, text: str) -> None:
    before = await snapshot(app)
    assert (await import_text(app, text)).startswith("Nothing was imported")
    assert await snapshot(app) == before


async def test_members_cannot_import(app: App) -> None:
    before = await snapshot(app)
    command = app.dispatcher.commands.find(("admin", "quiz", "import"))
    assert command is not None
    reply = await app.dispatcher.command(console_actor("ana"), command, {"bank": GOOD})
    assert "is for moderators" in reply.text
    after = await snapshot(app)
    assert after["custom_questions"] == before["custom_questions"] == []


async def test_yaml_aliases_are_refused_before_they_expand(app: App) -> None:
    bomb = "\n".join(
        [
            'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
            "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
        ]
    )
    before = await snapshot(app)
    text = await import_text(app, bomb)
    assert "import.yaml:1: anchors and aliases are not allowed" in text
    assert await snapshot(app) == before


async def test_a_too_long_id_is_a_problem_of_its_line(app: App) -> None:
    long_id = ONE_QUESTION.replace("numpy-901", "numpy-" + "9" * 54)
    text = await import_text(app, long_id)
    assert "import.yaml:1: questions[0].id:" in text and "is too long" in text


# 12 KB of nested brackets: PyYAML alone spent 7–20 s on it and ended in a RecursionError.
DEEP = "topic: numpy\nname: NumPy\nquestions: " + "[" * 6000 + "]" * 6000 + "\n"


async def test_a_deeply_nested_import_is_one_line_at_once_and_a_checkin_meanwhile_works(
    app: App,
) -> None:
    before = await snapshot(app)
    started = time.monotonic()
    text, checked_in = await asyncio.gather(
        import_text(app, DEEP), app.dispatcher.text(console_actor("ana"), "/checkin")
    )
    assert time.monotonic() - started < 5
    assert text == (
        "Nothing was imported; fix these and try again:\n"
        "import.yaml:3: nested more than 16 levels deep"
    )
    assert "Checked in" in checked_in.text and not checked_in.is_error, checked_in.text
    after = await snapshot(app)
    assert after["custom_questions"] == before["custom_questions"] == []
    assert len(after["checkins"]) == len(before["checkins"]) + 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD.replace("first five", "first\x00five"), "import.yaml:7: the character U+0000"),
        (GOOD.replace("first five", "first\x1b[2Jfive"), "import.yaml:7: the character U+001B"),
        (GOOD.replace("first five", "first\\0five"), "import.yaml:7: the control character U+0000"),
        (GOOD.replace("difficulty: 2", "difficulty: 2026-13-45"), "import.yaml:14: cannot read"),
    ],
)
async def test_control_characters_and_unreadable_values_are_named_by_line(
    app: App, text: str, problem: str
) -> None:
    before = await snapshot(app)
    reply = await import_text(app, text)
    assert reply.startswith("Nothing was imported") and problem in reply, reply
    assert await snapshot(app) == before


async def test_an_import_that_reads_too_long_is_stopped_with_one_line(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "TIME_LIMIT", 0.001)
    before = await snapshot(app)
    reply = await import_text(app, GOOD)
    assert reply == (
        "Nothing was imported; fix these and try again:\n"
        "import.yaml:1: reading took longer than 0.001 s; import fewer questions at a time"
    )
    assert await snapshot(app) == before


async def test_problems_name_the_members_own_file_or_the_pasted_text(app: App) -> None:
    broken = "topic: pandas\nname: Pandas\nquestions: [\n"
    assert (await import_text(app, broken, "my-pandas.yaml")).count("my-pandas.yaml:") >= 1
    assert "pasted.yaml:" in await import_text(app, broken, None)


async def test_problems_are_sentences_not_pydantic_wording(app: App) -> None:
    text = await import_text(
        app,
        "topic: pandas\nname: Pandas\nquestions:\n"
        "  - id: pandas-901\n    step: 1\n    difficulty: 2\n    stem: Short?\n"
        "    choices: [one]\n    answer: 1\n    colour: red\n",
    )
    assert "questions[0].explanation: is missing" in text
    assert "questions[0].stem: needs at least 10 characters" in text
    assert "questions[0].colour: is not a field mlpath knows (check its spelling)" in text
    for raw in ("Field required", "Input should", "String should", "Extra inputs"):
        assert raw not in text
