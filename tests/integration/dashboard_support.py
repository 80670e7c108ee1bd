"""Shared support for the dashboard tests: links asked for through the shared commands, and
the tables of a page as a reader sees them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.bootstrap import App
from bot.services.actor import Actor
from tests.helpers import console_actor

LINK = re.compile(r"https?://\S+?(/c/\d+/signin/\S+)")


async def ask(app: App, actor: Actor, command: str) -> str:
    """A command's reply text, through the command catalog every door shares."""
    reply = await app.dispatcher.text(actor, command)
    return reply.text


async def link(app: App, actor: Actor, command: str = "/admin dashboard") -> str:
    """The path of the sign-in link the command replies with."""
    text = await ask(app, actor, command)
    found = LINK.search(text)
    assert found, text
    return found.group(1)


ANA = console_actor("Ana")  # the first member of the console group: a moderator
BEN = console_actor("Ben")


class Tables(HTMLParser):
    """The tables of a page as rows of cell texts (header row first), by table id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id"):
            self._table = str(attributes["id"]).removeprefix("table-")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif (tag == "span" and "visually-hidden" in (attributes.get("class") or "")) or (
            tag == "form" and self._cell is not None
        ):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("span", "form") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables
