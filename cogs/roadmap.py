"""Today's post, the roadmap and reminders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class RoadmapCog(SpecCog):
    paths = (("today",), ("roadmap",), ("remind",))


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(RoadmapCog(bot))
