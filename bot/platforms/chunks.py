"""Splitting text to fit a platform's length limits without losing any of it.

Lengths are counted in UTF-16 code units (a character outside the Basic Multilingual Plane,
such as most emoji, counts twice), the stricter of the ways platforms count, so a piece that
fits here fits there. A renderer that escapes text measures the escaped form: ``weight``
gives what each character costs once rendered.
"""

from __future__ import annotations

from collections.abc import Callable

Weight = Callable[[str], int]


def units(char: str) -> int:
    """UTF-16 code units of one character."""
    return 2 if ord(char) > 0xFFFF else 1


def measure(text: str, weight: Weight = units) -> int:
    return sum(weight(c) for c in text)


def _fit(text: str, limit: int, weight: Weight) -> int:
    """The longest prefix length of ``text`` that costs at most ``limit``."""
    total = 0
    for index, char in enumerate(text):
        total += weight(char)
        if total > limit:
            return index
    return len(text)


def split_text(text: str, limit: int, weight: Weight = units) -> list[str]:
    """``text`` in pieces each costing at most ``limit``: cut at the last line break that
    keeps at least half a piece, else at the last space, else anywhere. The separator at a
    cut is dropped; nothing else is. Always at least one piece (maybe empty)."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text
    while measure(rest, weight) > limit:
        cut = max(_fit(rest, limit, weight), 1)
        window = rest[:cut]
        brk = window.rfind("\n")
        if brk < cut // 2:
            brk = window.rfind(" ")
        if brk < cut // 2:
            pieces.append(window)
            rest = rest[cut:]
        else:
            pieces.append(rest[:brk])
            rest = rest[brk + 1 :]
    pieces.append(rest)
    return pieces


def clip(text: str, limit: int, weight: Weight = units) -> str:
    """``text`` cut to ``limit`` with an ellipsis: only where a platform's label cannot grow
    (a button, a modal title) and the full text is shown elsewhere."""
    if measure(text, weight) <= limit:
        return text
    return text[: _fit(text, limit - 1, weight)] + "…"
