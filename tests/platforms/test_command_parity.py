"""Every command exists on all three front doors, and no two collide."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import build
from bot.commands.grammar import parse
from bot.commands.spec import Option
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.discord.client import COGS, MlpathBot


def _sample(option: Option) -> str:
    if option.choices:
        return option.choices[0]
    return str(option.min_value) if option.kind == "int" else "someone"


async def test_every_command_on_console_slack_and_discord(tmp_path: Path, catalog: Catalog) -> None:
    app = build(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"), catalog=catalog)
    try:
        specs = app.dispatcher.commands
        names = [c.name for c in specs.commands]
        assert len(names) == len(set(names))
        expected = {"help", "checkin", "streak show", "streak repair", "timezone", "me pause"}
        assert expected <= set(names)

        # console and Slack share the text grammar: each command parses to itself
        for command in specs.commands:
            required = " ".join(_sample(o) for o in command.options if o.required)
            text = f"{command.name} {required}".strip()
            assert parse(specs, f"/{text}").command is command
            assert parse(specs, text).command is command  # Slack: no leading slash

        # Discord: the cogs loaded in setup_hook serve exactly the same set
        bot = MlpathBot(app)
        for extension in COGS:
            await bot.load_extension(extension)
        leaves = [c for c in bot.tree.walk_commands() if not hasattr(c, "commands")]
        discord_names = [c.qualified_name for c in leaves]
        assert sorted(discord_names) == sorted(names)
        top = [c.name for c in bot.tree.get_commands()]
        assert len(top) == len(set(top)), "two top-level Discord commands share a name"
        bot._check_every_command_is_served()
        await bot.close()
    finally:
        await app.aclose()


def test_a_command_colliding_with_a_group_is_refused() -> None:
    from bot.commands.spec import Command, CommandSet
    from bot.replies import Reply

    async def handler(*_: object) -> Reply:
        return Reply("x")

    with pytest.raises(ValueError, match="defined twice"):
        CommandSet((Command(("a",), "a", handler), Command(("a",), "b", handler)), {})
    with pytest.raises(ValueError, match="collides"):
        CommandSet((Command(("me",), "a", handler), Command(("me", "export"), "b", handler)), {})
