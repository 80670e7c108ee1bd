"""Study pairs (the moderators' /admin pair commands are in the admin cog's group)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class PairsCog(SpecCog):
    paths = (("pair", "join"), ("pair", "leave"), ("pair", "status"))


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(PairsCog(bot))
