"""Reading a member's uploaded YAML (``/admin quiz import``) in a process of its own.

Parsing is pure-Python CPU work. In a thread of the bot's process it would take the GIL from
the event loop for as long as it runs (see ``bot.charts``); and a thread cannot be stopped. So
each upload is read in a fresh ``spawn`` process, outside any transaction, and killed when it
runs past ``TIME_LIMIT``: the event loop only waits on a pipe, from a thread that holds no GIL
while it waits. Uploads are rare moderator actions, so a process each (about 0.2 s to start)
costs less than keeping one alive, and a killed one takes nobody else's work with it.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from bot.content.schema import QuizFile
from bot.content.yamlfile import (
    FILE_MAX_BYTES,
    ContentError,
    ContentProblem,
    YamlDoc,
    parse_yaml,
    validate,
)

TIME_LIMIT = 10.0  # seconds to start the reader and read one upload (a 256 KB file: ~0.5 s)


def parse_import(text: str, filename: str) -> tuple[YamlDoc, QuizFile]:
    """An import file parsed and validated against the bank's schema (raises ContentError)."""
    if len(text.encode("utf-8", "surrogatepass")) > FILE_MAX_BYTES:
        raise ContentError([ContentProblem(filename, 1, "", f"over {FILE_MAX_BYTES // 1024} KB")])
    doc = parse_yaml(text, filename)
    return doc, validate(doc, QuizFile)


def _reader(out: Connection, text: str, filename: str) -> None:
    """The reader process: one outcome down the pipe, never an exception object."""
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", parse_import(text, filename))
    except ContentError as exc:
        outcome = ("problems", exc.problems)
    except Exception as exc:  # a bug: the parent reports it like any unexpected error
        outcome = ("crash", f"{type(exc).__name__}: {exc}")
    out.send(outcome)
    out.close()


def read_import(
    text: str, filename: str, time_limit: float | None = None
) -> tuple[YamlDoc, QuizFile]:
    """``parse_import`` in a process of its own, killed after ``time_limit`` seconds
    (``TIME_LIMIT`` by default).

    Blocking: call it through ``asyncio.to_thread``. Raises ContentError with a ``file:line``
    problem for anything wrong with the file, the time limit included."""
    limit = TIME_LIMIT if time_limit is None else time_limit
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(
        target=_reader, args=(send, text, filename), name="mlpath-import", daemon=True
    )
    reader.start()
    send.close()  # the reader holds the only sending end: its death ends the pipe
    try:
        if not receive.poll(limit):
            raise ContentError(
                [
                    ContentProblem(
                        filename,
                        1,
                        "",
                        f"reading took longer than {limit:g} s; import fewer questions at a time",
                    )
                ]
            )
        try:
            kind, value = receive.recv()
        except EOFError:
            raise RuntimeError(f"the import reader died (exit code {reader.exitcode})") from None
    finally:
        receive.close()
        if reader.is_alive():
            reader.kill()
        reader.join()
    if kind == "problems":
        raise ContentError(value)
    if kind == "crash":
        raise RuntimeError(f"the import reader failed: {value}")
    doc, bank = value
    return doc, bank
