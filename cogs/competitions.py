"""Competitions: /compete show|submit|final|board (submit: an attached CSV; the moderators'
/admin compete commands are in the admin cog's group)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class CompetitionsCog(SpecCog):
    paths = (
        ("compete", "show"),
        ("compete", "submit"),
        ("compete", "final"),
        ("compete", "board"),
    )


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(CompetitionsCog(bot))
