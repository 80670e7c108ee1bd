"""The platform tests' one-line notes at the end of a run."""

from __future__ import annotations

import pytest

from tests.platforms.browser_support import NO_BROWSER, skipped


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if skipped:
        terminalreporter.write_line(NO_BROWSER, yellow=True)
