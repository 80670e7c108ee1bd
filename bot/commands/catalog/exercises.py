"""Hands-on exercises: /exercise [id], /exercise submit id, /exercise list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import Command, Option, upload_name
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def exercise_commands(services: Services) -> list[Command]:
    exercises = services.exercises

    async def do_show(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await exercises.show(actor, args.get("exercise"))

    async def do_submit(actor: Actor, args: Mapping[str, Any]) -> Reply:
        upload = args.get("file")
        code = upload if upload is not None else args.get("code") or ""
        filename = upload_name(upload, "") if upload is not None else ""
        return await exercises.submit(actor, args["exercise"], str(code), filename)

    async def do_list(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await exercises.progress(actor)

    exercise = Option("exercise", "text", "An exercise id (see /exercise list)", max_length=60)
    return [
        Command(
            ("exercise", "show"),
            "A hands-on exercise with its starter code: the next one for you, or the one named",
            do_show,
            (exercise,),
            default=True,
            example="/exercise stable-softmax",
        ),
        Command(
            ("exercise", "submit"),
            "Submit your code: it runs in a sandbox against public and hidden tests",
            do_submit,
            (
                Option(
                    "exercise",
                    "text",
                    "The exercise id, e.g. stable-softmax",
                    required=True,
                    max_length=60,
                ),
                Option("code", "rest", "Your Python code (the whole module)", max_length=4000),
                Option("file", "file", "Your .py file (up to 64 KB), instead of pasting"),
            ),
            form=("code",),
            example="/exercise submit stable-softmax (a form; attach a .py file on Discord; "
            "console: :submit stable-softmax FILE.py)",
        ),
        Command(("exercise", "list"), "Your exercises, passed and not, per roadmap step", do_list),
    ]
