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
        ("me", "/me needs one of: /me export"),
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
