"""Career commands: /ladder, /profile, /leaderboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import Command, Option
from bot.content.catalog import Catalog
from bot.domain.periods import PERIODS
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.leaderboard import METRICS

if TYPE_CHECKING:
    from bot.services.registry import Services


def career_commands(services: Services, catalog: Catalog) -> list[Command]:
    career = services.career
    leaderboard = services.leaderboard

    async def do_ladder(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await career.ladder(actor)

    async def do_track(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await career.choose_track(actor, args["track"])

    async def do_profile(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await career.profile(actor, args.get("member"))

    async def do_leaderboard(actor: Actor, args: Mapping[str, Any]) -> Reply:
        topic = args.get("topic")
        metric = args.get("metric", "xp" if topic is None else "quiz")  # a topic: a quiz board
        return await leaderboard.show(actor, metric, args.get("period", "week"), topic)

    return [
        Command(
            ("ladder", "show"),
            "Your level and what is missing for the next",
            do_ladder,
            default=True,
        ),
        Command(
            ("ladder", "track"),
            "Choose your track after Senior ML Engineer",
            do_track,
            (
                Option(
                    "track",
                    "choice",
                    "architect, research or product",
                    required=True,
                    choices=tuple(t.key for t in catalog.ladder.tracks),
                ),
            ),
            example="/ladder track research",
        ),
        Command(
            ("profile",),
            "Level, XP, streak, projects and milestones, with a picture",
            do_profile,
            (Option("member", "member", "Whose profile"),),
            example="/profile @ana",
        ),
        Command(
            ("leaderboard",),
            "Top 10 and your rank",
            do_leaderboard,
            (
                Option("metric", "choice", "xp (default), streak or quiz", choices=METRICS),
                Option("period", "choice", "week (default), month or all", choices=PERIODS),
                Option(
                    "topic",
                    "text",
                    "With quiz: one quiz topic's board, e.g. numpy (see /quiz topics)",
                    max_length=40,
                ),
            ),
            example="/leaderboard streak month",
        ),
    ]
