"""Moderator commands; hidden from members by default permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class AdminCog(SpecCog):
    paths = (
        ("admin", "setup"),
        ("admin", "pause"),
        ("admin", "resume"),
        ("admin", "post-now"),
        ("admin", "roadmap-day"),
        ("admin", "roadmap-restart"),
        ("admin", "xp"),
        ("admin", "streak-restore"),
        ("admin", "mods"),
        ("admin", "audit"),
        ("admin", "stats"),
        ("admin", "quiz", "add"),
        ("admin", "quiz", "import"),
        ("admin", "quiz", "disable"),
        ("admin", "ladder-roles"),
        ("admin", "export"),
        ("admin", "project", "reject"),
        ("admin", "dashboard"),
        ("admin", "pair", "now"),
        ("admin", "pair", "pause"),
        ("admin", "pair", "resume"),
        ("admin", "compete", "open"),
        ("admin", "compete", "close"),
    )


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(AdminCog(bot))
