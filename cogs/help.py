"""What mlpath can do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class HelpCog(SpecCog):
    paths = (("help",),)


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(HelpCog(bot))
