"""Competitions: /compete, /compete submit, /compete final N, /compete board, and the
moderators' /admin compete open ID [days] and /admin compete close."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import Command, Option, upload_name
from bot.domain.errors import BadInput
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services

NO_FILE = "Attach your predictions CSV (on the console: :upload FILE.csv)."


def competition_commands(services: Services) -> list[Command]:
    compete = services.competitions

    async def do_show(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await compete.show(actor)

    async def do_submit(actor: Actor, args: Mapping[str, Any]) -> Reply:
        upload = args.get("file")
        if upload is None:
            raise BadInput(NO_FILE)
        data = str(upload).encode("utf-8", errors="surrogateescape")
        return await compete.submit(actor, data, upload_name(upload, ""))

    async def do_final(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await compete.final(actor, int(args["number"]))

    async def do_board(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await compete.board(actor)

    return [
        Command(
            ("compete", "show"),
            "The open competition: its statement, metric, deadline and files",
            do_show,
            default=True,
            example="/compete",
        ),
        Command(
            ("compete", "submit"),
            "Send your predictions CSV: your public score comes back at once",
            do_submit,
            (Option("file", "file", "Your predictions CSV (up to 5 MB)"),),
            example="/compete submit (attach a .csv; console: :upload FILE.csv)",
        ),
        Command(
            ("compete", "final"),
            "Pick the submission that counts at the close (else your best public one)",
            do_final,
            (Option("number", "int", "Your submission's number", required=True, min_value=1),),
            example="/compete final 2",
        ),
        Command(
            ("compete", "board"),
            "The leaderboard: public while open, private after the close",
            do_board,
        ),
    ]


def competition_admin_commands(services: Services) -> list[Command]:
    compete = services.competitions

    async def do_open(actor: Actor, args: Mapping[str, Any]) -> Reply:
        days = args.get("days")
        return await compete.open(actor, str(args["competition"]), int(days) if days else None)

    async def do_close(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await compete.close(actor)

    return [
        Command(
            ("admin", "compete", "open"),
            "Open a competition and announce it",
            do_open,
            (
                Option(
                    "competition",
                    "text",
                    "A competition id, e.g. churn",
                    required=True,
                    max_length=40,
                ),
                Option(
                    "days", "int", "How long it runs (default: its own)", min_value=3, max_value=60
                ),
            ),
            moderator=True,
            example="/admin compete open churn 14",
        ),
        Command(
            ("admin", "compete", "close"),
            "Close the open competition now, with the final standings",
            do_close,
            moderator=True,
        ),
    ]
