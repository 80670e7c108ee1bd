"""Hands-on exercises: /exercise show|submit|list (submit: a modal, or an attached .py file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.discord.cog import SpecCog

if TYPE_CHECKING:
    from bot.platforms.discord.client import MlpathBot


class ExercisesCog(SpecCog):
    paths = (("exercise", "show"), ("exercise", "submit"), ("exercise", "list"))


async def setup(bot: MlpathBot) -> None:
    await bot.add_cog(ExercisesCog(bot))
