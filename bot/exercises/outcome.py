"""What a run of the sandbox found: a verdict, each test's result, the first failure — read
from the harness's JSON report (``graded``), never from what the code printed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Verdict = Literal[
    "passed", "failed", "time limit", "memory limit", "output limit", "not allowed", "crashed"
]


@dataclass(frozen=True, slots=True)
class TestResult:
    name: str
    hidden: bool
    ok: bool
    run: bool = True
    message: str = ""
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    tests: tuple[TestResult, ...] = ()
    message: str = ""  # the first failure's message, or why the run stopped
    seconds: float = 0.0  # wall time of the run, sandbox included
    output: str = ""  # what the code printed (capped); never shown as a result
    queued: int = 0  # the place in the queue it waited at (0: ran at once)

    @property
    def passed(self) -> bool:
        return self.verdict == "passed"

    def count(self, *, hidden: bool) -> tuple[int, int]:
        """(passed, total) of the public or hidden tests."""
        mine = [t for t in self.tests if t.hidden is hidden]
        return sum(t.ok for t in mine), len(mine)


def graded(report: dict[str, Any], seconds: float, output: str) -> Outcome:
    tests = tuple(
        TestResult(
            str(t.get("name")),
            bool(t.get("hidden")),
            t.get("ok") is True,
            bool(t.get("run")),
            str(t.get("message", "")),
            float(t.get("seconds", 0.0)),
        )
        for t in report.get("tests", [])
        if isinstance(t, dict)
    )
    kinds = {str(t.get("kind", "")) for t in report.get("tests", []) if isinstance(t, dict)}
    status = str(report.get("status", ""))
    broken = report.get("import_error")
    first = next((t for t in tests if t.run and not t.ok), None)
    message = first.message if first is not None else ""
    if first is not None and first.hidden:
        message = f"hidden test: {message}"

    def out(verdict: Verdict, why: str = message) -> Outcome:
        return Outcome(verdict, tests, why, seconds, output)

    if status == "cpu":
        return out("time limit", "the code used up its CPU time")
    if status == "forbidden":
        return out(
            "not allowed",
            "the code tried something the sandbox forbids (a new process, "
            "a network socket or tracing)",
        )
    if isinstance(broken, dict):
        kind = str(broken.get("kind", ""))
        text = f"your code could not be imported: {broken.get('message', '')}"
        return out("memory limit" if kind == "memory" else "failed", text)
    if "memory" in kinds:
        return out("memory limit", "the code ran out of memory")
    if status.startswith("signal:"):
        return out("crashed", f"the code crashed (signal {status.removeprefix('signal:')})")
    if any(not t.run for t in tests):
        return out("not allowed", "the code ended the test run early")
    if status != "ok":
        return out("not allowed", "the code ended the test run early")
    return out("passed" if all(t.ok for t in tests) else "failed")
