"""Small wording rules shared by every reply."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``1 day``, ``2 days``, ``1,000 members`` (regular English plurals only)."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
