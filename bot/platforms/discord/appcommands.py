"""Slash commands built from the shared command specs, so the three front doors agree."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, Literal, cast

import discord
from discord import app_commands

from bot.commands.spec import Command, Option, Upload
from bot.content.yamlfile import FILE_MAX_BYTES
from bot.domain.errors import BadInput
from bot.platforms.discord.forms import Runner, open_form, slash_form_fields
from bot.services.actor import MemberRef

DESCRIPTION_MAX = 100


def _annotation(option: Option) -> Any:
    base: Any
    if option.kind in ("text", "rest"):
        base = app_commands.Range[str, 1, option.max_length or 6000]
    elif option.kind == "member":
        base = discord.Member
    elif option.kind == "channel":
        base = discord.TextChannel
    elif option.kind == "file":
        base = discord.Attachment
    elif option.kind == "role":
        base = discord.Role
    elif option.kind == "int":
        base = app_commands.Range[int, option.min_value, option.max_value]
    else:
        base = Literal.__getitem__(option.choices)
    return base if option.required else base | None


def _to_neutral(value: Any) -> Any:
    if isinstance(value, discord.Member | discord.User):
        return MemberRef(str(value.id), value.display_name)
    if isinstance(value, discord.abc.GuildChannel | app_commands.AppCommandChannel):
        return str(value.id)
    if isinstance(value, discord.Role):
        return str(value.id)
    return value


async def read_attachment(attachment: discord.Attachment) -> str:
    """An uploaded text file's content, with its name; too large or not UTF-8 text becomes a
    UserError."""
    if attachment.size > FILE_MAX_BYTES:
        raise BadInput(f"{attachment.filename} is over {FILE_MAX_BYTES // 1024} KB.")
    try:
        return Upload((await attachment.read()).decode("utf-8"), attachment.filename)
    except UnicodeDecodeError:
        raise BadInput(f"{attachment.filename} is not UTF-8 text.") from None


def check_givable(role: discord.Role, guild: discord.Guild | None) -> None:
    """A role the bot can give: not @everyone, not an integration's, below the bot's own."""
    if role.is_default() or role.managed:
        raise BadInput(f"{role.name} cannot be given to members; pick a role made in the server.")
    me = guild.me if guild is not None else None
    if me is not None and role >= me.top_role:
        raise BadInput(
            f"{role.name} is not below my highest role, so I could not give it; move my role "
            "above it in Server Settings → Roles."
        )


def _describe(text: str) -> str:
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def build_command(spec: Command, run: Runner) -> app_commands.Command[Any, Any, None]:
    """A slash command for ``spec``; its text form options are asked for in a modal."""
    fields = slash_form_fields(spec)
    in_modal = {o.name for o in fields}

    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        try:
            for value in options.values():
                if isinstance(value, discord.Role):
                    check_givable(value, interaction.guild)
            args = {name: _to_neutral(v) for name, v in options.items() if v is not None}
            for name, value in args.items():
                if isinstance(value, discord.Attachment):
                    args[name] = await read_attachment(value)
        except BadInput as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        if fields and not any(isinstance(v, Upload) for v in args.values()):
            # an attached file stands in for the form (/exercise submit with a .py file)
            await open_form(interaction, spec, fields, args)
            return
        await run(interaction, spec, args)

    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    slash_options = [o for o in spec.options if o.name not in in_modal]
    for option in sorted(slash_options, key=lambda o: not o.required):
        params.append(
            inspect.Parameter(
                option.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        o.name: _describe(o.description) for o in slash_options
    }
    command: app_commands.Command[Any, Any, None] = app_commands.Command(
        name=spec.path[-1],
        description=_describe(spec.summary),
        callback=cast(Any, callback),
    )
    command.guild_only = True
    if spec.moderator:
        command.default_permissions = discord.Permissions(manage_guild=True)
    return command


def _group(
    name: str, moderators_only: bool, parent: app_commands.Group | None
) -> app_commands.Group:
    return app_commands.Group(
        name=name,
        description=f"/{name} commands",
        guild_only=True,
        parent=parent,
        default_permissions=(
            discord.Permissions(manage_guild=True) if moderators_only and parent is None else None
        ),
    )


def build_tree_items(
    specs: Sequence[Command], run: Runner
) -> list[app_commands.Command[Any, Any, None] | app_commands.Group]:
    """Top-level commands and groups: ``/me export`` → group ``me``, subcommand ``export``;
    ``/admin quiz disable`` → group ``admin``, subgroup ``quiz``, subcommand ``disable``."""
    items: list[app_commands.Command[Any, Any, None] | app_commands.Group] = []
    groups: dict[tuple[str, ...], app_commands.Group] = {}
    for spec in specs:
        command = build_command(spec, run)
        if len(spec.path) == 1:
            items.append(command)
            continue
        parent: app_commands.Group | None = None
        for depth in range(1, len(spec.path)):
            key = spec.path[:depth]
            group = groups.get(key)
            if group is None:
                mods = all(s.moderator for s in specs if s.path[:depth] == key)
                group = _group(key[-1], mods, parent)
                groups[key] = group
                if parent is None:
                    items.append(group)
            parent = group
        assert parent is not None
        parent.add_command(command)
    return items
