"""Practice questions, live rounds and topic mastery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class QuizCog(SpecCog):
    paths = (
        ("quiz", "practice"),
        ("quiz", "round"),
        ("quiz", "topics"),
        ("quiz", "stop"),
        ("quiz", "skip"),
        ("quiz", "review"),
    )


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(QuizCog(bot))
