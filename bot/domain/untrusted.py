"""What arrives from outside, made safe in one place: names a platform gives us, text members
type, and the numbers in button ids (issue 12).

* Names (display names, guild and workspace names) lose every control character: NUL makes
  Postgres refuse the row, and a name is one line.
* Free text keeps newlines and tabs; other C0 controls, DEL and lone surrogates (which no
  database can store as UTF-8) are dropped, and ``\\r\\n`` becomes ``\\n``.
* Button numbers are ASCII digits within a database integer; anything else is not our button.
"""

from __future__ import annotations

import re

from bot.domain.errors import NotFound

# C0 controls, DEL and the UTF-16 surrogate range (a lone surrogate cannot be encoded). In a
# name, the controls ``str.split`` counts as whitespace (tab, newline …) become one space.
_NAME_JUNK = re.compile("[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")
_TEXT_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")  # keeps \t and \n
_DIGITS = re.compile(r"[0-9]{1,10}")
INT_MAX = 2**31 - 1  # the largest id an INTEGER column holds on Postgres
STALE_BUTTON = "That button no longer does anything. Type /help to see what you can do."


def clean_name(name: str | None, fallback: str = "") -> str:
    """A platform name as one printable line (whitespace runs become one space); ``fallback``
    when nothing printable is left."""
    text = " ".join(_NAME_JUNK.sub("", name or "").split())
    return text or fallback


def clean_text(text: str) -> str:
    """Typed text without the characters a database cannot store or a channel cannot show."""
    return _TEXT_JUNK.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def button_numbers(
    arg: str, parts: int, *, stale: str = STALE_BUTTON, limit: int = INT_MAX
) -> list[int]:
    """The ``parts`` dot-separated numbers of a button arg. Forged or mangled ids (other
    digits than 0-9, too many, a number beyond ``limit``) are a stale button: ``stale``."""
    pieces = arg.split(".")
    if len(pieces) != parts or not all(_DIGITS.fullmatch(p) for p in pieces):
        raise NotFound(stale)
    numbers = [int(p) for p in pieces]
    if any(n > limit for n in numbers):
        raise NotFound(stale)
    return numbers
