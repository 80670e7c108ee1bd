"""Forms (Discord and Slack modals): which options a form asks for, and reading it back.

A command's ``form`` options are typed into a form rather than after the command; a form
opened from a button also asks for the required options nothing else has given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from bot.commands.grammar import bind, convert, tokenize
from bot.commands.spec import Command, Option
from bot.domain.errors import BadInput

TYPED_KINDS = ("text", "rest", "file", "choice", "int", "member")


def form_fields(command: Command, given: Mapping[str, Any]) -> list[Option]:
    """The form's options plus the required ones not given yet (that can be typed)."""
    return [
        o
        for o in command.options
        if o.name in command.form or (o.required and o.name not in given and o.kind in TYPED_KINDS)
    ]


def given_args(command: Command, text: str) -> dict[str, Any]:
    """Options typed after the command besides the form; BadInput for anything else."""
    relaxed = dataclasses.replace(
        command,
        options=tuple(
            dataclasses.replace(o, required=False)
            for o in command.options
            if o.name not in command.form
        ),
    )
    tokens = tokenize(text)
    return bind(relaxed, tokens, text) if tokens else {}


def read_form(
    command: Command, fields: list[Option], values: Mapping[str, str], given: Mapping[str, Any]
) -> dict[str, Any]:
    """The given arguments plus the typed values, each checked as the text grammar does;
    BadInput names the first problem (or a required option left empty)."""
    args = dict(given)
    for option in fields:
        text = values.get(option.name) or ""
        if text.strip():  # a pasted file keeps its indentation
            args[option.name] = convert(option, text if option.kind == "file" else text.strip())
    for option in command.options:
        if option.required and option.name not in args:
            raise BadInput(f"/{command.name} needs {option.name}. Usage: {command.usage}")
    return args
