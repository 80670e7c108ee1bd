"""Forms as Slack modals: ``/mlpath project add`` with nothing typed opens a form."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.commands.forms import form_fields, given_args, read_form
from bot.commands.grammar import help_request, match_command, tokenize
from bot.commands.spec import Command, CommandSet, Option
from bot.domain.errors import BadInput

CALLBACK_ID = "mlpath-form"
ACTION_ID = "value"
TITLE_MAX = 24
LABEL_MAX = 2000
INPUT_MAX = 3000  # Slack's limit for a plain_text_input
PLACEHOLDER_MAX = 150


@dataclass(frozen=True, slots=True)
class FormRequest:
    """A form to open: the command, what was already typed after it, and where."""

    command: Command
    given_text: str
    channel_id: str | None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def form_request(commands: CommandSet, text: str, channel_id: str | None) -> FormRequest | None:
    """A form to open for ``text``, when it names a command with a form and gives none of
    the form's options; None runs the text as usual (including to report its mistakes)."""
    body = text.strip().removeprefix("/")
    tokens = tokenize(body)
    if not tokens or help_request(commands, tokens) is not None:
        return None  # `/mlpath project add help` shows how, it opens no form
    try:
        command, used = match_command(commands, tokens)
    except BadInput:
        return None
    if not command.form:
        return None
    rest = body[tokens[used].start :] if used < len(tokens) else ""
    try:
        given_args(command, rest)
    except BadInput:
        return None  # a form option was typed too (or a mistake): the grammar handles it
    return FormRequest(command, rest, channel_id)


def _input_block(option: Option) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ACTION_ID,
        "multiline": option.kind in ("rest", "file") or (option.max_length or 0) > 100,
        "max_length": min(option.max_length or INPUT_MAX, INPUT_MAX),
    }
    if option.choices:
        element["placeholder"] = {
            "type": "plain_text",
            "text": _clip(" or ".join(option.choices), PLACEHOLDER_MAX),
        }
    return {
        "type": "input",
        "block_id": option.name,
        "optional": not option.required,
        "label": {"type": "plain_text", "text": _clip(option.description, LABEL_MAX)},
        "element": element,
    }


def form_view(request: FormRequest) -> dict[str, Any]:
    given = given_args(request.command, request.given_text)
    metadata = {
        "command": request.command.name,
        "given": request.given_text,
        "channel_id": request.channel_id,
    }
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": _clip(request.command.name, TITLE_MAX)},
        "submit": {"type": "plain_text", "text": "Submit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(metadata),
        "blocks": [_input_block(o) for o in form_fields(request.command, given)][:100],
    }


def _metadata(view: Mapping[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def submission_channel(view: Mapping[str, Any]) -> str | None:
    """The channel the form was opened from (None: a Home tab or DM button)."""
    channel = _metadata(view).get("channel_id")
    return str(channel) if channel else None


def read_submission(
    commands: CommandSet, view: Mapping[str, Any]
) -> tuple[Command, dict[str, Any]] | None:
    """The command and its checked arguments from a submitted form; BadInput for a bad
    value; None when the form names a command that no longer exists."""
    metadata = _metadata(view)
    command = commands.named(str(metadata.get("command") or ""))
    if command is None:
        return None
    given = given_args(command, str(metadata.get("given") or ""))
    state = (view.get("state") or {}).get("values") or {}
    fields = form_fields(command, given)
    values = {
        o.name: ((state.get(o.name) or {}).get(ACTION_ID) or {}).get("value") or "" for o in fields
    }
    args = read_form(command, fields, values, given)
    return command, args
