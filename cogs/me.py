"""A member's own data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class MeCog(SpecCog):
    paths = (
        ("me", "export"),
        ("me", "hide"),
        ("me", "show"),
        ("me", "pause"),
        ("me", "resume"),
        ("me", "delete"),
        ("me", "dashboard"),
    )


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(MeCog(bot))
