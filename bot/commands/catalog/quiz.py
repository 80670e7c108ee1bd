"""Quiz commands: /quiz practice, /quiz round, /quiz topics, /quiz stop|skip|review."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, Option
from bot.content.schema import DIFFICULTY_HELP, DIFFICULTY_NAMES
from bot.domain.quiz import ROUND_DEFAULT_COUNT, ROUND_DEFAULT_SECONDS
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services

LEVEL_OF = {name: level for level, name in DIFFICULTY_NAMES.items()}


def difficulty_option(*, required: bool = False) -> Option:
    """A difficulty as the replies label it (easy, medium, hard, senior), or its number."""
    return Option(
        "difficulty",
        "choice",
        DIFFICULTY_HELP,
        required=required,
        choices=tuple(DIFFICULTY_NAMES.values()),
        aliases=tuple((str(level), name) for level, name in DIFFICULTY_NAMES.items()),
    )


def difficulty_level(word: str | None) -> int | None:
    """The difficulty number of a ``difficulty_option`` value."""
    return None if word is None else LEVEL_OF[word]


def quiz_commands(services: Services) -> list[Command]:
    quiz = services.quiz
    rounds = services.rounds
    controls = services.quiz_controls

    async def do_practice(actor: Actor, args: Mapping[str, Any]) -> Reply:
        level = difficulty_level(args.get("difficulty"))
        return await quiz.practice(actor, args.get("topic"), level)

    async def do_round(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await rounds.start(
            actor,
            args.get("count", ROUND_DEFAULT_COUNT),
            args.get("seconds", ROUND_DEFAULT_SECONDS),
            args.get("topic"),
            difficulty_level(args.get("difficulty")),
        )

    async def do_topics(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await quiz.topics(actor)

    async def do_stop(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await controls.stop(actor)

    async def do_skip(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await controls.skip(actor)

    async def do_review(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await controls.review(actor)

    topic = Option("topic", "text", "A quiz topic, e.g. numpy (see /quiz topics)", max_length=40)
    return [
        Command(
            ("quiz", "practice"),
            "A practice question picked for you by spaced repetition",
            do_practice,
            (topic, difficulty_option()),
            default=True,
            example="/quiz numpy easy",
        ),
        Command(
            ("quiz", "round"),
            "Start a live quiz round in this channel",
            do_round,
            (
                Option("count", "int", "Questions, 1–20 (default 5)", min_value=1, max_value=20),
                Option(
                    "seconds",
                    "int",
                    "Seconds per question, 5–120 (default 20)",
                    min_value=5,
                    max_value=120,
                ),
                topic,
                difficulty_option(),
            ),
            example="/quiz round 5 20 statistics medium",
        ),
        Command(("quiz", "topics"), "Your answers and mastery per quiz topic", do_topics),
        Command(
            ("quiz", "stop"),
            "End this channel's quiz round now (its starter or a moderator)",
            do_stop,
        ),
        Command(
            ("quiz", "skip"),
            "Skip your open practice question, without a penalty, and get the next one",
            do_skip,
        ),
        Command(("quiz", "review"), "Your questions due for spaced-repetition review", do_review),
    ]


def quiz_actions(services: Services) -> dict[str, ActionHandler]:
    quiz = services.quiz
    rounds = services.rounds

    async def press_next(actor: Actor, arg: str) -> Reply:
        return await quiz.practice(actor)

    return {
        "quiz": press_next,
        "qa": quiz.answer_practice,
        "qc": services.challenge.answer,
        "qr": rounds.answer,
    }
