"""Small wording rules shared by every reply."""

from __future__ import annotations

from bot.domain.errors import BadInput


def plural(n: int, word: str) -> str:
    """``1 day``, ``2 days``, ``1,000 members`` (regular English plurals only)."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def limits(name: str, low: int | None, high: int | None) -> str:
    """The one sentence for a number out of its limits, wherever it is checked (the text
    grammar, Discord's ranges, a service): ``count must be between 1 and 20.``"""
    if low is not None and high is not None:
        return f"{name} must be between {low} and {high}."
    if low is not None:
        return f"{name} must be at least {low}."
    return f"{name} must be at most {high}."


def check_within(name: str, value: int, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``; else BadInput with ``limits``' sentence."""
    if not low <= value <= high:
        raise BadInput(limits(name, low, high))
    return value
