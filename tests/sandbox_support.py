"""Whether the exercise sandbox works here. CI asks for it (``MLPATH_TEST_SANDBOX``) and a
missing one fails the run; elsewhere the sandboxed tests are skipped with one line at the end,
so the README's test command passes on a machine without bubblewrap (as with Postgres)."""

from __future__ import annotations

import os

import pytest

from bot.exercises.runtime import Runtime, discover

ASKED = "MLPATH_TEST_SANDBOX" in os.environ
FOUND = discover()
NO_SANDBOX = (
    f"Exercises: no sandbox here ({FOUND}) and MLPATH_TEST_SANDBOX is unset, so the tests that "
    "run code in it are skipped (CI runs them all)"
)
skipped: list[bool] = []


def sandbox_here() -> bool:
    """True when the sandbox works, or when CI asked for it (then its absence fails)."""
    return isinstance(FOUND, Runtime) or ASKED


def require_sandbox() -> Runtime:
    """The runtime, or a skip (unasked) or a failure (asked) naming what is missing."""
    if isinstance(FOUND, Runtime):
        return FOUND
    if ASKED:
        pytest.fail(f"MLPATH_TEST_SANDBOX is set but there is no sandbox: {FOUND}")
    skipped.append(True)
    pytest.skip(NO_SANDBOX)
