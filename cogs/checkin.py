"""Check-ins, streaks and personal timezones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class CheckinCog(SpecCog):
    paths = (("checkin",), ("streak", "show"), ("streak", "repair"), ("timezone",))


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(CheckinCog(bot))
