"""A cog that serves a set of shared command specs as slash commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from discord.ext import commands

from bot.platforms.discord.appcommands import build_tree_items

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class SpecCog(commands.Cog):
    """Subclasses name the command paths they own; the commands come from the specs."""

    paths: ClassVar[tuple[tuple[str, ...], ...]] = ()

    def __init__(self, bot: MlpathBot) -> None:
        self.bot = bot
        self._names: list[str] = []

    async def cog_load(self) -> None:
        specs = []
        for path in self.paths:
            spec = self.bot.mlpath.dispatcher.commands.find(path)
            if spec is None:
                raise LookupError(f"{type(self).__name__} names unknown command /{' '.join(path)}")
            specs.append(spec)
        for item in build_tree_items(specs, self.bot.door.run):
            self.bot.tree.add_command(item)
            self._names.append(item.name)

    async def cog_unload(self) -> None:
        for name in self._names:
            self.bot.tree.remove_command(name)
