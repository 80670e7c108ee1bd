"""``mlpath exercises …``: whether this host can grade exercises, and the content gates
(every reference solution passes in the sandbox, every starter fails a hidden test) for
authors, outside the test suite."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bot.cli_checks import fail

exercises_app = typer.Typer(
    help="Hands-on exercises: check the sandbox, run the content gates.", no_args_is_help=True
)


@exercises_app.command("sandbox")
def sandbox_check() -> None:
    """Run a trivial exercise in the sandbox: 'ok', or the one line saying why not (exit 1)."""
    from bot.exercises.sandbox import Sandbox

    reason = asyncio.run(Sandbox(1).check())
    if reason is not None:
        raise fail(f"exercises cannot be graded here: {reason}")
    typer.echo("ok: bubblewrap works, and NumPy, pandas and scikit-learn import inside it")


@exercises_app.command("gates")
def gates(
    ids: Annotated[list[str] | None, typer.Argument(help="Exercise ids (default: all)")] = None,
    directory: Annotated[Path | None, typer.Option("--content", help="Content directory")] = None,
) -> None:
    """Each exercise's solution must pass every test and its starter fail a hidden one."""
    from bot.content.yamlfile import ContentProblem
    from bot.exercises.content import load_exercises
    from bot.exercises.gates import run_gates
    from bot.paths import content_dir

    problems: list[ContentProblem] = []
    pack = load_exercises(directory or content_dir(), problems)
    for problem in problems:
        typer.echo(str(problem), err=True)
    chosen = [e for e in pack.ordered() if not ids or e.id in ids]
    unknown = sorted(set(ids or ()) - {e.id for e in chosen})
    if unknown:
        raise fail(f"no exercise called {', '.join(unknown)}")
    try:
        failures = asyncio.run(run_gates(chosen, typer.echo))
    except RuntimeError as exc:
        raise fail(str(exc)) from None
    if failures or problems:
        raise fail(f"{failures + len(problems)} problem(s) in {len(chosen)} exercise(s)")
    typer.echo(f"ok: {len(chosen)} exercise(s) pass their gates")
