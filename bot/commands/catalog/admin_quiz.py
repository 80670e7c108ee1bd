"""Moderator commands for the question bank: /admin quiz disable, add, import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.catalog.quiz import LEVEL_OF, difficulty_option
from bot.commands.spec import Command, Option, upload_name
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def admin_quiz_commands(services: Services) -> list[Command]:
    steward = services.stewardship
    bank = services.bank

    async def do_quiz_disable(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.quiz_disable(actor, args["question"], args.get("undo") != "undo")

    async def do_quiz_add(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await bank.add(
            actor,
            args["topic"],
            LEVEL_OF[args["difficulty"]],
            args["stem"],
            args["choices"],
            args["answer"],
            args["explanation"],
        )

    async def do_quiz_import(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await bank.import_yaml(actor, args["bank"], upload_name(args["bank"]))

    return [
        Command(
            ("admin", "quiz", "disable"),
            "Take a question out of this group's quizzes (undo: put it back)",
            do_quiz_disable,
            (
                Option(
                    "question", "text", "Question id, e.g. numpy-007", required=True, max_length=60
                ),
                Option("undo", "choice", "undo to put it back", choices=("undo",)),
            ),
            moderator=True,
            example="/admin quiz disable numpy-007",
        ),
        Command(
            ("admin", "quiz", "add"),
            "Add a question to this group's quizzes",
            do_quiz_add,
            (
                Option("topic", "text", "Quiz topic, e.g. numpy", required=True, max_length=40),
                difficulty_option(required=True),
                Option(
                    "answer",
                    "int",
                    "Which choice is right (1–5)",
                    required=True,
                    min_value=1,
                    max_value=5,
                ),
                Option("stem", "text", "The question", required=True, max_length=400),
                Option(
                    "choices",
                    "text",
                    "2–5 choices, one per line (or a | b | c)",
                    required=True,
                    max_length=400,
                ),
                Option(
                    "explanation",
                    "rest",
                    "Why the answer is right and the others are not",
                    required=True,
                    max_length=1000,
                ),
            ),
            moderator=True,
            form=("stem", "choices", "explanation"),
            example=(
                '/admin quiz add numpy easy 2 "What does arr.shape give?" '
                '"its length | its dimensions | its dtype" shape is a tuple of dimensions'
            ),
        ),
        Command(
            ("admin", "quiz", "import"),
            "Import questions from YAML in the bank's format (all or nothing)",
            do_quiz_import,
            (
                Option(
                    "bank",
                    "file",
                    "The questions: a YAML file like content/quizzes/*.yaml",
                    required=True,
                ),
            ),
            moderator=True,
            form=("bank",),
            example="/admin quiz import (attach or paste the YAML; console: :import FILE.yaml)",
        ),
    ]
