"""The commands mlpath offers, built once from the services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, CommandSet, Option
from bot.domain.quiz import ROUND_DEFAULT_COUNT, ROUND_DEFAULT_SECONDS
from bot.replies import Field, Reply
from bot.services.actor import Actor
from bot.services.checkin import NOTE_MAX

if TYPE_CHECKING:
    from bot.bootstrap import Services


def build_commands(services: Services) -> CommandSet:
    checkin = services.checkin
    export = services.export
    quiz = services.quiz
    rounds = services.rounds

    async def do_checkin(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.checkin(actor, args.get("note"))

    async def do_streak(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.streak(actor, args.get("member"))

    async def do_timezone(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.timezone(actor, args.get("tz"))

    async def do_me_export(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await export.me(actor)

    async def do_practice(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await quiz.practice(actor, args.get("topic"), args.get("difficulty"))

    async def do_round(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await rounds.start(
            actor,
            args.get("count", ROUND_DEFAULT_COUNT),
            args.get("seconds", ROUND_DEFAULT_SECONDS),
            args.get("topic"),
        )

    async def do_topics(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await quiz.topics(actor)

    async def do_post_now(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await quiz.post_challenge(actor)

    topic = Option("topic", "text", "A quiz topic, e.g. numpy (see /quiz topics)", max_length=40)

    commands: list[Command] = [
        Command(
            ("checkin",),
            "Check in for today's study; add what you did as a note",
            do_checkin,
            (Option("note", "rest", "What you studied today", max_length=NOTE_MAX),),
        ),
        Command(
            ("streak",),
            "Show your streak, or another member's",
            do_streak,
            (Option("member", "member", "Whose streak to show"),),
        ),
        Command(
            ("timezone",),
            "Show or set your personal timezone (IANA name, or 'reset')",
            do_timezone,
            (
                Option(
                    "tz", "text", "e.g. Europe/Berlin, America/New_York, or reset", max_length=64
                ),
            ),
        ),
        Command(
            ("quiz", "practice"),
            "A practice question picked for you by spaced repetition",
            do_practice,
            (
                topic,
                Option("difficulty", "int", "1 easy, 2 medium, 3 hard", min_value=1, max_value=3),
            ),
            default=True,
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
            ),
        ),
        Command(("quiz", "topics"), "Your answers and mastery per quiz topic", do_topics),
        Command(("me", "export"), "Download everything mlpath stores about you", do_me_export),
        Command(
            ("admin", "post-now"),
            "Post today's challenge (with yesterday's answer) in this channel now",
            do_post_now,
            (Option("what", "choice", "What to post", required=True, choices=("challenge",)),),
            moderator=True,
        ),
    ]

    async def do_help(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return help_reply(commands)

    commands.insert(0, Command(("help",), "Show what mlpath can do", do_help))

    async def press_checkin(actor: Actor, arg: str) -> Reply:
        return await checkin.checkin(actor)

    async def press_next(actor: Actor, arg: str) -> Reply:
        return await quiz.practice(actor)

    actions: dict[str, ActionHandler] = {
        "checkin": press_checkin,
        "quiz": press_next,
        "qa": quiz.answer_practice,
        "qc": quiz.answer_challenge,
        "qr": rounds.answer,
    }
    return CommandSet(tuple(commands), actions)


def help_reply(commands: list[Command]) -> Reply:
    fields = tuple(
        Field(c.usage + ("  (moderators)" if c.moderator else ""), c.summary, inline=False)
        for c in commands
    )
    return Reply(
        "mlpath keeps your study streak and walks your group through the ML-engineer roadmap. "
        "A check-in counts for your study day in your own timezone.",
        title="mlpath commands",
        fields=fields,
    )
