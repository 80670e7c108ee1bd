"""The career ladder, profiles and leaderboards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class CareerCog(SpecCog):
    paths = (("ladder", "show"), ("ladder", "track"), ("profile",), ("leaderboard",))


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(CareerCog(bot))
