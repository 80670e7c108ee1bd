"""The text grammar shared by the console and Slack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from bot.commands.grammar import parse, tokenize
from bot.commands.spec import Command, CommandSet, Option
from bot.domain.errors import BadInput
from bot.replies import Reply
from bot.services.actor import MemberRef


async def _noop(actor: Any, args: Mapping[str, Any]) -> Reply:
    return Reply("ok")


SPECS = CommandSet(
    (
        Command(("checkin",), "c", _noop, (Option("note", "rest", "n"),)),
        Command(("streak",), "s", _noop, (Option("member", "member", "m"),)),
        Command(
            ("quiz", "round"),
            "q",
            _noop,
            (
                Option("count", "int", "n", min_value=1, max_value=20),
                Option("level", "choice", "l", choices=("easy", "hard")),
            ),
        ),
        Command(("me", "export"), "e", _noop),
    ),
    {},
)


def test_rest_keeps_the_note_exactly_as_typed() -> None:
    parsed = parse(SPECS, '/checkin read  ch. 3 — it\'s "fine"')
    assert parsed.args == {"note": 'read  ch. 3 — it\'s "fine"'}


def test_quoted_strings_and_key_values() -> None:
    assert parse(SPECS, 'checkin "a b"').args == {"note": '"a b"'}
    assert tokenize('say "two words" x')[1].text == "two words"
    args = parse(SPECS, "quiz round level:hard count:5").args
    assert args == {"count": 5, "level": "hard"}
    assert parse(SPECS, "quiz round 3 easy").args == {"count": 3, "level": "easy"}


def test_a_note_that_looks_like_key_value_stays_a_note() -> None:
    assert parse(SPECS, "checkin ratio:3 done").args == {"note": "ratio:3 done"}


def test_slack_mentions_and_console_names() -> None:
    assert parse(SPECS, "streak <@U123ABC|ana>").args["member"] == MemberRef("U123ABC", "ana")
    assert parse(SPECS, "streak <@U123ABC>").args["member"] == MemberRef("U123ABC", None)
    assert parse(SPECS, "streak @ben").args["member"] == MemberRef("ben", "ben", typed=True)
    assert parse(SPECS, "streak <@123>").args["member"] == MemberRef("123", None)
    assert parse(SPECS, "streak <@!123>").args["member"] == MemberRef("123", None)


def test_subcommands_and_case() -> None:
    assert parse(SPECS, "/ME EXPORT").command.name == "me export"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a command"),
        ("/dance", "Unknown command /dance"),
        ("me", "/me needs one of: export. Type /help me for how to use each."),
        ("me dance", "/me has no `dance`; it has: export. Type /help me for how to use each."),
        ("quiz round count:50", "between 1 and 20"),
        ("quiz round count:many", "whole number"),
        ("quiz round level:medium", "one of: easy, hard"),
        ("quiz round 1 easy extra", "I did not expect `extra`"),
        ("quiz round count:1 count:2", "given twice"),
    ],
)
def test_bad_input_says_what_is_accepted(text: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse(SPECS, text)


# --- key:"quoted value", trailing choices, aliases, help requests (issue 13) -----------------

UPDATE = CommandSet(
    (
        Command(("help",), "h", _noop, (Option("command", "rest", "c"),)),
        Command(
            ("project", "update"),
            "u",
            _noop,
            (
                Option("project", "text", "p", required=True),
                Option("note", "rest", "n", required=True),
                Option(
                    "status", "choice", "s", choices=("idea", "building"), trailing=("building",)
                ),
            ),
        ),
        Command(
            ("quiz", "practice"),
            "q",
            _noop,
            (
                Option("topic", "text", "t"),
                Option(
                    "difficulty",
                    "choice",
                    "d",
                    choices=("easy", "medium", "hard", "senior"),
                    aliases=(("1", "easy"), ("2", "medium"), ("3", "hard"), ("4", "senior")),
                ),
            ),
            default=True,
        ),
        Command(("admin", "pause"), "p", _noop),
        Command(("admin", "quiz", "add"), "a", _noop),
        Command(("admin", "quiz", "import"), "i", _noop),
        Command(("admin", "xp"), "x", _noop, (Option("amount", "int", "a", min_value=-5),)),
    ),
    {},
)


def test_a_quoted_value_after_a_key_is_one_value() -> None:
    parsed = parse(UPDATE, 'project update titanic note:"trained a baseline" status:building')
    assert parsed.args == {
        "project": "titanic",
        "note": "trained a baseline",
        "status": "building",
    }
    assert parse(UPDATE, "project update titanic note:“smart quotes too”").args["note"] == (
        "smart quotes too"
    )
    assert parse(UPDATE, 'project update project:"Movie recommender" fixed it').args == {
        "project": "Movie recommender",
        "note": "fixed it",
    }
    # a key that is no option stays words of the note, exactly as typed
    assert parse(SPECS, 'checkin ratio:"3 to 1" done').args == {"note": 'ratio:"3 to 1" done'}


def test_a_trailing_status_word_is_the_status() -> None:
    parsed = parse(UPDATE, "project update titanic cleaned the data, first model building")
    assert parsed.args == {
        "project": "titanic",
        "note": "cleaned the data, first model",
        "status": "building",
    }
    # the note keeps at least one word, and a quoted last word stays text
    assert parse(UPDATE, "project update titanic building").args == {
        "project": "titanic",
        "note": "building",
    }
    quoted = parse(UPDATE, 'project update titanic kept on "building"').args
    assert quoted == {"project": "titanic", "note": 'kept on "building"'}
    # only the words the option takes as trailing: a note may end in "idea"
    assert parse(UPDATE, "project update titanic sketched the idea").args == {
        "project": "titanic",
        "note": "sketched the idea",
    }


def test_difficulty_words_and_numbers() -> None:
    for typed, chosen in (("easy", "easy"), ("2", "medium"), ("HARD", "hard"), ("4", "senior")):
        assert parse(UPDATE, f"quiz numpy {typed}").args == {"topic": "numpy", "difficulty": chosen}
    with pytest.raises(BadInput) as refused:
        parse(UPDATE, "quiz numpy 5")
    assert refused.value.message == (
        "difficulty must be one of: easy, medium, hard, senior (or 1, 2, 3, 4)."
    )


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("project update help", "project update"),
        ("/project update --help", "project update"),
        ("quiz -h", "quiz"),
        ("admin help", "admin"),
        ("admin quiz HELP", "admin quiz"),
    ],
)
def test_command_help_asks_help_about_the_command(text: str, about: str) -> None:
    parsed = parse(UPDATE, text)
    assert parsed.command.name == "help" and parsed.args == {"command": about}


def test_help_as_a_word_among_others_is_text() -> None:
    assert parse(UPDATE, "project update titanic help").args["note"] == "help"
    assert parse(UPDATE, 'project update titanic "help"').command.name == "project update"
    assert parse(UPDATE, "help project update").args == {"command": "project update"}


def test_a_group_names_its_subcommands_in_one_line() -> None:
    with pytest.raises(BadInput) as bare:
        parse(UPDATE, "admin")
    assert bare.value.message == (
        "/admin needs one of: pause, quiz add|import, xp. Type /help admin for how to use each."
    )
    with pytest.raises(BadInput) as unknown:
        parse(UPDATE, "admin quiz dance")
    assert unknown.value.message == (
        "/admin quiz has no `dance`; it has: add, import. Type /help admin quiz for how to use "
        "each."
    )


def test_one_sentence_for_number_limits() -> None:
    with pytest.raises(BadInput, match=r"^amount must be at least -5\.$"):
        parse(UPDATE, "admin xp -6")
    with pytest.raises(BadInput, match=r"^count must be between 1 and 20\.$"):
        parse(SPECS, "quiz round 21")
