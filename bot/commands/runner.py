"""Run a command or button for an actor: user mistakes become one private line,
anything unexpected is logged with an error id that the user sees instead."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.commands.grammar import HELP_WORDS, parse
from bot.commands.spec import Command, CommandSet
from bot.db.uow import retrying
from bot.domain.errors import Conflict, UserError
from bot.domain.untrusted import clean_name, clean_text
from bot.ops.metrics import Metrics
from bot.replies import Reply, parse_custom_id
from bot.services.actor import Actor, MemberRef

log = logging.getLogger("mlpath.commands")


def new_error_id() -> str:
    return secrets.token_hex(4)


def unexpected_reply(error_id: str) -> Reply:
    return Reply(
        f"Something went wrong on my side (error id {error_id}). Nothing was changed by the "
        "part that failed; please try again, and tell the organisers the id if it keeps happening.",
        error_id=error_id,
    )


def _context(actor: Actor, what: str) -> dict[str, str]:
    return {
        "platform": actor.platform,
        "community": actor.community_id,
        "member": actor.user_id,
        "command": what,
    }


async def guarded(actor: Actor, what: str, call: Callable[[], Awaitable[Reply]]) -> Reply:
    """The one error boundary every front door goes through. Transient database contention
    runs the whole call again (``retrying``); a lost unique-key race, once more."""
    reply, _ = await outcome_of(actor, what, call)
    return reply


async def outcome_of(
    actor: Actor, what: str, call: Callable[[], Awaitable[Reply]]
) -> tuple[Reply, str]:
    """``guarded``, with the outcome: ok, refused (one line to the user) or error."""
    for attempt in (1, 2):
        try:
            return await retrying(call), "ok"
        except UserError as exc:
            log.info("refused: %s", exc.message, extra=_context(actor, what))
            return Reply(exc.message), "refused"
        except Conflict:
            if attempt == 2:
                error_id = new_error_id()
                log.exception("conflict twice [%s]", error_id, extra=_context(actor, what))
                return unexpected_reply(error_id), "error"
            log.info("concurrent write, retrying once", extra=_context(actor, what))
        except Exception:
            error_id = new_error_id()
            log.exception("unexpected failure [%s]", error_id, extra=_context(actor, what))
            return unexpected_reply(error_id), "error"
    raise AssertionError("unreachable")


def cleaned(command: Command, args: Mapping[str, Any]) -> dict[str, Any]:
    """Options as the services may store them, whichever door they came through: typed text
    without NUL and other control characters, member names as one printable line. Files
    (a quiz import) are left to their own checks, which name the line."""
    kinds = {o.name: o.kind for o in command.options}
    out = dict(args)
    for name, value in args.items():
        if isinstance(value, MemberRef):
            user_id = clean_name(value.user_id, value.user_id)
            shown = clean_name(value.name) or None
            out[name] = MemberRef(user_id, shown, typed=value.typed)
        elif isinstance(value, str) and kinds.get(name) != "file":
            out[name] = clean_text(value)
    return out


def _asks_help(args: Mapping[str, Any]) -> bool:
    """The only option given is the word help (or --help)."""
    values = list(args.values())
    return (
        len(values) == 1 and isinstance(values[0], str) and values[0].strip().lower() in HELP_WORDS
    )


class Dispatcher:
    """Front doors call this with text (console, Slack), a command (Discord) or a button."""

    def __init__(self, commands: CommandSet, metrics: Metrics | None = None) -> None:
        self.commands = commands
        self.metrics = metrics

    async def _run(
        self,
        actor: Actor,
        what: str,
        call: Callable[[], Awaitable[Reply]],
        label: Callable[[], str] | None = None,
    ) -> Reply:
        """``guarded``, counted and timed by command name (``label``: known once parsed;
        never the typed text, so the metrics' labels stay a fixed set)."""
        started = time.perf_counter()
        reply, outcome = await outcome_of(actor, what, call)
        if self.metrics is not None:
            name = label() if label is not None else what
            self.metrics.command(name, outcome, time.perf_counter() - started)
        return reply

    async def text(self, actor: Actor, text: str) -> Reply:
        first = text.strip().split(maxsplit=1)[0] if text.strip() else "help"
        named = ["unknown"]

        async def call() -> Reply:
            parsed = parse(self.commands, text) if text.strip() else parse(self.commands, "help")
            named[0] = parsed.command.name
            return await parsed.command.handler(actor, cleaned(parsed.command, parsed.args))

        return await self._run(actor, first.lstrip("/")[:30], call, lambda: named[0])

    async def command(self, actor: Actor, command: Command, args: Mapping[str, Any]) -> Reply:
        helper = self.commands.find(("help",))
        if helper is not None and command is not helper and _asks_help(args):
            # Discord's `/checkin note:--help`, as the text grammar's `/checkin --help`
            return await self._run(
                actor, "help", lambda: helper.handler(actor, {"command": command.name})
            )
        return await self._run(
            actor, command.name, lambda: command.handler(actor, cleaned(command, args))
        )

    async def press(self, actor: Actor, custom_id: str) -> Reply:
        parsed = parse_custom_id(custom_id)
        handler = self.commands.actions.get(parsed[0]) if parsed else None
        if parsed is None or handler is None:
            return Reply("That button no longer does anything. Type /help to see what you can do.")
        action, arg = parsed
        return await self._run(actor, f"button:{action}", lambda: handler(actor, arg))
