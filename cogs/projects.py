"""Portfolio projects: add, update, ship, list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class ProjectsCog(SpecCog):
    paths = (
        ("project", "add"),
        ("project", "update"),
        ("project", "ship"),
        ("project", "list"),
    )


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(ProjectsCog(bot))
