"""The sandbox for exercise tests: bubblewrap must work here when CI asks for it
(``MLPATH_TEST_SANDBOX``); elsewhere a test that needs it is skipped with one line at the end
(tests/sandbox_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.exercises.runtime import Runtime
from bot.exercises.sandbox import Sandbox
from tests.sandbox_support import require_sandbox

FIXTURES = Path(__file__).parent / "fixtures"
# The fixture exercises' test files import ``submission``: they run in the sandbox, not here.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def runtime() -> Runtime:
    return require_sandbox()


@pytest.fixture
def sandbox(runtime: Runtime) -> Sandbox:
    return Sandbox(runtime=runtime, probe=False)
