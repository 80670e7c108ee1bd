"""What members read about exercises: the statement, a graded submission, their progress.
Pure: no database, no platform (the service passes what it found)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.exercises.content import Exercise
from bot.exercises.outcome import Outcome
from bot.replies import Attachment, Field, Reply

CODE_BLOCK_CHARS = 1200  # a starter this short is shown in the reply as well as attached
CODE_BLOCK_LINES = 30
SUBMIT_HINT = (
    "Submit with /exercise submit {id} (Discord: a form, or attach your .py file; Slack: a form; "
    "console: :submit {id} FILE)."
)
VERDICT_WORDS = {
    "passed": "✅ Passed",
    "failed": "❌ Not yet",
    "time limit": "⏱️ Time limit",
    "memory limit": "🧱 Memory limit",
    "output limit": "📜 Output limit",
    "not allowed": "🚫 Not allowed",
    "crashed": "💥 Crashed",
}


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's record on one exercise, as the replies need it."""

    passed: bool = False
    attempts: int = 0
    due: datetime | None = None  # a failed exercise's next review


def starter_file(exercise: Exercise) -> Attachment:
    return Attachment(
        f"{exercise.id.replace('-', '_')}.py", exercise.starter.encode(), "text/x-python"
    )


def statement_reply(
    exercise: Exercise, standing: Standing, why: str = "", *, step_name: str = ""
) -> Reply:
    meta = exercise.meta
    code = exercise.starter.rstrip()
    short = len(code) <= CODE_BLOCK_CHARS and code.count("\n") < CODE_BLOCK_LINES
    parts = [why] if why else []
    parts.append(meta.statement.strip())
    if short:
        parts.append(f"Starter code:\n```python\n{code}\n```")
    else:
        parts.append(f"The starter code is attached ({starter_file(exercise).filename}).")
    parts.append(SUBMIT_HINT.format(id=exercise.id))
    status = (
        "passed"
        if standing.passed
        else (f"{standing.attempts} attempt(s), not passed yet" if standing.attempts else "new")
    )
    step = f"step {meta.step}" + (f" ({step_name})" if step_name else "")
    return Reply(
        "\n\n".join(parts),
        title=f"🧪 {meta.title} ({exercise.id})",
        fields=(
            Field("Roadmap", f"{step}, day {', '.join(map(str, meta.days))}"),
            Field("Level", f"{meta.difficulty}, about {meta.minutes} min, {meta.xp} XP"),
            Field("You", status),
        ),
        attachment=starter_file(exercise),
    )


def result_reply(
    exercise: Exercise,
    outcome: Outcome,
    *,
    xp: int,
    passed_before: bool,
    review: datetime | None,
) -> Reply:
    """The verdict, each public test, the first failure, the hidden count and the time."""
    lines = []
    for test in outcome.tests:
        if not test.hidden:
            mark = "✅" if test.ok else ("·" if not test.run else "❌")
            lines.append(f"{mark} {test.name}")
    hidden_ok, hidden_all = outcome.count(hidden=True)
    if hidden_all:
        lines.append(f"Hidden tests: {hidden_ok} of {hidden_all} passed")
    if outcome.message and not outcome.passed:
        lines.append(f"First failure: {outcome.message}")
    lines.append(f"Ran in {outcome.seconds:.2f} s" + _queued(outcome.queued))
    if outcome.passed and xp:
        lines.append(f"+{xp} XP. Next: /exercise")
    elif outcome.passed and passed_before:
        lines.append("Passed again (the XP counts once).")
    elif review is not None:
        lines.append("This exercise comes back for review: /exercise offers it when it is due.")
    return Reply(
        "\n".join(lines),
        title=f"{VERDICT_WORDS.get(outcome.verdict, outcome.verdict)}: {exercise.meta.title}",
    )


def _queued(place: int) -> str:
    return f" (waited in the queue at place {place})" if place else ""


def list_reply(
    exercises: Sequence[Exercise],
    standings: Mapping[str, Standing],
    step_names: Mapping[int, str],
    due: Sequence[str],
) -> Reply:
    """Progress per roadmap step, one line per exercise."""
    if not exercises:
        return Reply("There are no exercises yet.", title="Exercises")
    blocks = []
    for step in sorted({e.meta.step for e in exercises}):
        mine = [e for e in exercises if e.meta.step == step]
        done = sum(standings.get(e.id, Standing()).passed for e in mine)
        rows = [f"Step {step} {step_names.get(step, '')}: {done} of {len(mine)} passed".strip()]
        for exercise in mine:
            standing = standings.get(exercise.id, Standing())
            mark = "✅" if standing.passed else ("❌" if standing.attempts else "·")
            review = " (review due)" if exercise.id in due else ""
            rows.append(
                f"{mark} {exercise.id}: {exercise.meta.difficulty}, {exercise.meta.xp} XP{review}"
            )
        blocks.append("\n".join(rows))
    passed = sum(s.passed for s in standings.values())
    footer = f"{passed} of {len(exercises)} passed. /exercise ID shows one; /exercise the next."
    return Reply("\n\n".join([*blocks, footer]), title="🧪 Your exercises")


def pass_rate_lines(rates: Sequence[tuple[str, int, int, int]]) -> list[str]:
    """``/admin stats``: (exercise, members who tried, who passed, submissions) per exercise."""
    out = []
    for exercise_id, members, passed, submissions in sorted(rates, key=lambda r: r[0]):
        share = f"{passed / members:.0%}" if members else "-"
        out.append(f"{exercise_id}: {passed}/{members} passed ({share}), {submissions} submissions")
    return out
