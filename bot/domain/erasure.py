"""Taking an erased member out of text that stays: the audit log's reasons and the posts kept
in the outbox (``/me delete``, SPEC §6 and issue 12)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ERASED_TEXT = "a former member"


def pattern_of(words: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    """Whole-word matches of any of ``words`` (a member's id and names); None for no words.
    Longer words first, so a name is replaced before an id inside it."""
    wanted = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    if not wanted:
        return None
    alternatives = "|".join(re.escape(w) for w in wanted)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)


def scrub(text: str, pattern: re.Pattern[str] | None) -> str:
    return text if pattern is None else pattern.sub(ERASED_TEXT, text)


def scrub_json(value: Any, pattern: re.Pattern[str] | None, *, skip: str = "") -> Any:
    """``value`` with every string scrubbed, in dicts and lists at any depth; the entries
    under a dict key ``skip`` are kept as they are (a post's buttons: ids, not prose)."""
    if isinstance(value, str):
        return scrub(value, pattern)
    if isinstance(value, list):
        return [scrub_json(v, pattern, skip=skip) for v in value]
    if isinstance(value, dict):
        return {k: v if k == skip else scrub_json(v, pattern, skip=skip) for k, v in value.items()}
    return value
