"""Forms as Discord modals: a command's ``form`` options are typed into text inputs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import discord

from bot.commands.forms import form_fields, read_form
from bot.commands.spec import Command, Option
from bot.domain.errors import BadInput
from bot.platforms.discord.failures import report
from bot.platforms.discord.render import send_kwargs
from bot.replies import Reply

Runner = Callable[[discord.Interaction[Any], Command, dict[str, Any]], Awaitable[None]]
LABEL_MAX = 45
TITLE_MAX = 45
PLACEHOLDER_MAX = 100
INPUT_MAX = 4000
MODAL_INPUTS_MAX = 5  # Discord's limit of components in a modal
MODAL_TIMEOUT_SECONDS = 30 * 60


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slash_form_fields(spec: Command) -> list[Option]:
    """Form options typed in a modal after the slash command; "file" stays an attachment."""
    return [o for o in spec.options if o.name in spec.form and o.kind in ("text", "rest")]


def button_form_fields(spec: Command) -> list[Option]:
    """A form button gives no options: the form asks for the required ones too."""
    return [o for o in form_fields(spec, {}) if o.kind not in ("file", "member")]


def text_input(option: Option) -> discord.ui.TextInput[Any]:
    paragraph = option.kind in ("rest", "file") or (option.max_length or 0) > 100
    placeholder = None
    if option.choices:
        placeholder = _clip(" or ".join(option.choices), PLACEHOLDER_MAX)
    elif option.kind == "int" and option.min_value is not None and option.max_value is not None:
        placeholder = f"{option.min_value}–{option.max_value}"
    return discord.ui.TextInput(
        label=_clip(option.description, LABEL_MAX),
        custom_id=option.name,
        style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
        required=option.required,
        max_length=min(option.max_length or INPUT_MAX, INPUT_MAX),
        placeholder=placeholder,
    )


class FormModal(discord.ui.Modal):
    """One command's form; it remembers the slash arguments given when it was opened."""

    def __init__(
        self, spec: Command, fields: list[Option], given: Mapping[str, Any], run: Runner
    ) -> None:
        super().__init__(title=_clip("/" + spec.name, TITLE_MAX), timeout=MODAL_TIMEOUT_SECONDS)
        self.spec = spec
        self.fields = fields
        self.given = dict(given)
        self.run = run
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for option in fields:
            item = text_input(option)
            self.inputs[option.name] = item
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        values = {name: item.value for name, item in self.inputs.items()}
        try:
            args = read_form(self.spec, self.fields, values, self.given)
        except BadInput as exc:
            await interaction.response.send_message(**send_kwargs(Reply(exc.message)))
            return
        await self.run(interaction, self.spec, args)

    async def on_error(  # type: ignore[override]  # Modal drops the item argument
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report(interaction, error, self.spec.name)


async def open_form(
    interaction: discord.Interaction[Any],
    spec: Command,
    fields: list[Option],
    given: Mapping[str, Any],
    run: Runner,
) -> None:
    await interaction.response.send_modal(FormModal(spec, fields, given, run))
