"""Forms as Discord modals: a command's ``form`` options are typed into text inputs.

A modal is persistent: its custom id names the command and carries the options already given
(``mlpath-form:project update:{"project":"Titanic"}``), so whichever process receives the
submission answers it — after a restart, and however long the member took. No process keeps
the modal in memory: ``answer_form`` reads everything from the submission.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import discord

from bot.commands.forms import form_fields, read_form
from bot.commands.grammar import convert
from bot.commands.spec import Command, CommandSet, Option
from bot.domain.errors import BadInput
from bot.platforms.chunks import clip
from bot.platforms.discord.failures import send_anyhow
from bot.replies import Reply
from bot.services.actor import MemberRef

Runner = Callable[[discord.Interaction[Any], Command, dict[str, Any]], Awaitable[None]]
LABEL_MAX = 45
TITLE_MAX = 45
PLACEHOLDER_MAX = 100
INPUT_MAX = 4000
MODAL_INPUTS_MAX = 5  # Discord's limit of components in a modal
CUSTOM_ID_MAX = 100
FORM_PREFIX = "mlpath-form"
FORM_ID = re.compile(rf"{FORM_PREFIX}:(?P<command>[a-z][a-z0-9 -]{{0,60}}):(?P<given>.*)", re.S)
TYPED = ("text", "rest", "choice", "int")  # kinds a text input takes, and given ones can go in
CARRIED = (*TYPED, "member", "channel", "role")  # kinds the custom id carries
STALE = "That form is out of date; please open it again."


def slash_form_fields(spec: Command) -> list[Option]:
    """Form options typed in a modal after the slash command; "file" stays an attachment."""
    return [o for o in spec.options if o.name in spec.form and o.kind in ("text", "rest")]


def button_form_fields(spec: Command) -> list[Option]:
    """A form button gives no options: the form asks for the required ones too."""
    return [o for o in form_fields(spec, {}) if o.kind not in ("file", "member")]


def text_input(option: Option, default: str | None = None) -> discord.ui.TextInput[Any]:
    paragraph = option.kind in ("rest", "file") or (option.max_length or 0) > 100
    placeholder = None
    if option.choices:
        placeholder = clip(" or ".join(option.choices), PLACEHOLDER_MAX)
    elif option.kind == "int" and option.min_value is not None and option.max_value is not None:
        placeholder = f"{option.min_value}–{option.max_value}"
    return discord.ui.TextInput(
        label=clip(option.description, LABEL_MAX),
        custom_id=option.name,
        style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
        required=option.required,
        max_length=min(option.max_length or INPUT_MAX, INPUT_MAX),
        placeholder=placeholder,
        default=default,
    )


def _carried(value: Any) -> Any:
    if isinstance(value, MemberRef):
        return [value.user_id, value.name or ""]
    return value


def form_custom_id(spec: Command, given: Mapping[str, Any]) -> str:
    carried = {name: _carried(value) for name, value in given.items()}
    text = json.dumps(carried, separators=(",", ":"), ensure_ascii=False) if carried else ""
    return f"{FORM_PREFIX}:{spec.name}:{text}"


def plan_form(
    spec: Command, fields: Sequence[Option], given: Mapping[str, Any]
) -> tuple[str, list[tuple[Option, str | None]]]:
    """The modal's custom id and its inputs (option, prefilled value). Given options ride in
    the id; when they make it too long, the longest typed ones become prefilled inputs."""
    options = {o.name: o for o in spec.options}
    carried = dict(given)
    if any(options[name].kind not in CARRIED for name in carried):
        raise BadInput(f"/{spec.name} cannot carry that into a form; type {spec.usage}")
    prefilled: dict[str, str] = {}
    while len(form_custom_id(spec, carried)) > CUSTOM_ID_MAX:
        movable = [n for n in carried if options[n].kind in TYPED]
        if not movable or len(fields) + len(prefilled) >= MODAL_INPUTS_MAX:
            raise BadInput(f"That is too long to carry into a form; type {spec.usage}")
        name = max(movable, key=lambda n: len(str(carried[n])))
        prefilled[name] = str(carried.pop(name))
    wanted = {o.name for o in fields} | set(prefilled)
    inputs = [(o, prefilled.get(o.name)) for o in spec.options if o.name in wanted]
    return form_custom_id(spec, carried), inputs


class FormModal(discord.ui.Modal):
    """One command's form, built to be sent and forgotten: ``answer_form`` answers it."""

    def __init__(self, spec: Command, custom_id: str, inputs: list[tuple[Option, str | None]]):
        super().__init__(title=clip("/" + spec.name, TITLE_MAX), custom_id=custom_id)
        for option, default in inputs:
            self.add_item(text_input(option, default))
        # Stopped before it is sent, so discord.py never stores it: its submission is answered
        # from the custom id, by whichever process receives it, and only once.
        self.stop()


async def open_form(
    interaction: discord.Interaction[Any],
    spec: Command,
    fields: list[Option],
    given: Mapping[str, Any],
) -> None:
    try:
        custom_id, inputs = plan_form(spec, fields, given)
    except BadInput as exc:
        await send_anyhow(interaction, Reply(exc.message))
        return
    await interaction.response.send_modal(FormModal(spec, custom_id, inputs))


def _given(spec: Command, text: str) -> dict[str, Any]:
    """The options the custom id carries, each checked again as if typed."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise BadInput(STALE) from None
    options = {o.name: o for o in spec.options}
    if not isinstance(data, dict):
        raise BadInput(STALE)
    given: dict[str, Any] = {}
    for name, value in data.items():
        option = options.get(name)
        if option is None or option.kind not in CARRIED:
            raise BadInput(STALE)
        if option.kind == "member":
            if not (isinstance(value, list) and len(value) == 2):
                raise BadInput(STALE)
            given[name] = MemberRef(str(value[0]), str(value[1]) or None)
        elif isinstance(value, str | int) and not isinstance(value, bool):
            given[name] = convert(option, str(value))
        else:
            raise BadInput(STALE)
    return given


def _values(components: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Text input values by custom id, in action rows or (newer clients) labels."""
    values: dict[str, str] = {}
    for component in components:
        if "custom_id" in component and "value" in component:
            values[str(component["custom_id"])] = str(component["value"] or "")
        nested = list(component.get("components") or [])
        if component.get("component"):
            nested.append(component["component"])
        values.update(_values(nested))
    return values


def form_command(commands: CommandSet, custom_id: str) -> tuple[Command | None, str] | None:
    """(the command, the carried text) of one of our form ids; None for anyone else's."""
    match = FORM_ID.fullmatch(custom_id)
    if match is None:
        return None
    return commands.named(match["command"]), match["given"]


async def answer_form(
    interaction: discord.Interaction[Any], commands: CommandSet, run: Runner
) -> bool:
    """Answer a submitted form from its custom id and values; False when it is not ours."""
    data: Mapping[str, Any] = interaction.data or {}
    found = form_command(commands, str(data.get("custom_id") or ""))
    if found is None:
        return False
    spec, carried = found
    if spec is None:
        await send_anyhow(interaction, Reply("That form no longer does anything. Type /help."))
        return True
    try:
        given = _given(spec, carried)
        values = _values(data.get("components") or [])
        fields = [o for o in spec.options if o.name in values and o.kind in TYPED]
        args = read_form(spec, fields, values, given)
    except BadInput as exc:
        await send_anyhow(interaction, Reply(exc.message))
        return True
    await run(interaction, spec, args)
    return True
