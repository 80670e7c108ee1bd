"""Validation problems as sentences a moderator can act on, instead of pydantic's wording
("Field required", "Input should be …")."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails


def _plural(n: Any, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def sentence(error: ErrorDetails) -> str:
    """What is wrong with one field, as the end of ``field: …``."""
    kind, ctx = error["type"], error.get("ctx") or {}
    phrases: dict[str, Any] = {
        "missing": lambda: "is missing",
        "extra_forbidden": lambda: "is not a field mlpath knows (check its spelling)",
        "string_too_short": lambda: f"needs at least {_plural(ctx['min_length'], 'character')}",
        "string_too_long": lambda: f"may have at most {_plural(ctx['max_length'], 'character')}",
        "too_short": lambda: f"needs at least {_plural(ctx['min_length'], 'item')}",
        "too_long": lambda: f"may have at most {_plural(ctx['max_length'], 'item')}",
        "literal_error": lambda: f"must be {ctx['expected']}",
        "int_parsing": lambda: "must be a whole number",
        "int_type": lambda: "must be a whole number",
        "int_from_float": lambda: "must be a whole number",
        "string_type": lambda: "must be text",
        "bool_type": lambda: "must be true or false",
        "bool_parsing": lambda: "must be true or false",
        "list_type": lambda: "must be a list",
        "dict_type": lambda: "must be a set of fields (key: value)",
        "model_type": lambda: "must be a set of fields (key: value)",
        "greater_than_equal": lambda: f"must be at least {ctx['ge']}",
        "less_than_equal": lambda: f"must be at most {ctx['le']}",
        "string_pattern_mismatch": lambda: "is not in the expected form",
        "url_parsing": lambda: "must be an http(s) link",
        "url_scheme": lambda: "must be an http(s) link",
    }
    if kind in phrases:
        return str(phrases[kind]())
    message = str(error["msg"])
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
