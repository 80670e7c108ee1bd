"""Hands-on exercises (SPEC §11): show one, grade a submission in the sandbox, list progress.

The sandbox run happens outside any transaction (it takes up to the exercise's wall time);
what it found is stored afterwards in one short write: the submission, the member's standing,
the XP of a first pass (once, through the ledger, with the ladder evidence) or the FSRS review
of a failure.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import Community, ExerciseProgress, ExerciseSubmission, Member
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain import srs
from bot.domain.errors import BadInput, NotFound, UserError
from bot.exercises.content import Exercise
from bot.exercises.outcome import Outcome
from bot.exercises.sandbox import Job, Sandbox, SandboxUnavailable
from bot.exercises.wording import (
    Standing,
    list_reply,
    pass_rate_lines,
    result_reply,
    statement_reply,
)
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.members import community_today, enrol, member_today, visit
from bot.services.progress import Progression
from bot.services.quiz import current_step

CODE_MAX_BYTES = 64 * 1024
log = logging.getLogger("mlpath.exercises")
EXERCISE_XP_REASON = "exercise"


def off_line(reason: str) -> str:
    """The one line exercises say when there is no working sandbox."""
    return f"Exercises cannot be graded here: {reason.rstrip('.')}. Nothing runs without a sandbox."


def standing_of(row: ExerciseProgress | None) -> Standing:
    if row is None:
        return Standing()
    return Standing(row.passed_at is not None, row.attempts, row.due)


class ExerciseService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        progress: Progression,
        sandbox: Sandbox,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._progress = progress
        self._sandbox = sandbox
        self._running: set[tuple[str, str, str]] = set()  # members with a submission running

    @property
    def pack(self) -> Sequence[Exercise]:
        return self._catalog.exercises.ordered()

    def exercise(self, exercise_id: str) -> Exercise:
        key = exercise_id.strip().lower()
        found = self._catalog.exercises.get(key)
        if found is None:
            raise NotFound(
                f"There is no exercise called {key[:60]}. Type /exercise list to see them."
            )
        return found

    def _step_name(self, step: int) -> str:
        return self._catalog.roadmap.step(step).name

    async def check_sandbox(self) -> None:
        """Check the sandbox once (``mlpath run`` calls this at start) and log the outcome."""
        reason = await self._sandbox.check()
        if reason is None:
            log.info("exercises: the sandbox works (%d at a time)", self._sandbox.slots)
        else:
            log.warning("exercises: %s", off_line(reason))

    # --- /exercise [id] ----------------------------------------------------------------------

    async def show(self, actor: Actor, exercise_id: str | None = None) -> Reply:
        if not self.pack:
            return Reply("There are no exercises yet.", title="Exercises")
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            enrolment = await visit(uow, actor, now)
            member, community = enrolment.member, enrolment.community
            rows = await uow.exercises.standings(member.id) if member.id else {}
            due = await uow.exercises.due(member.id, now) if member.id else []
        if exercise_id:
            exercise = self.exercise(exercise_id)
            why = ""
        else:
            exercise, why = self._next(community, rows, due)
        off = await self._sandbox.check()
        if off is not None:
            why = f"{why}\n\n{off_line(off)}".strip()
        return statement_reply(
            exercise,
            standing_of(rows.get(exercise.id)),
            why,
            step_name=self._step_name(exercise.meta.step),
        )

    def _next(
        self,
        community: Community,
        rows: dict[str, ExerciseProgress],
        due: list[str],
    ) -> tuple[Exercise, str]:
        """Due reviews first, then the first one not passed on the community's step, then on
        earlier steps, then any."""
        for exercise_id in due:
            if exercise_id in self._catalog.exercises.exercises:
                return self.exercise(exercise_id), "Due for review (you have not passed it yet)."
        step = current_step(self._catalog, community, community_today(community, self._clock.now()))
        open_ = [e for e in self.pack if not standing_of(rows.get(e.id)).passed]
        if not open_:
            return self.pack[-1], "You have passed every exercise. Here is the last one again."
        for group in (
            [e for e in open_ if e.meta.step == step],
            [e for e in open_ if e.meta.step < step],
            open_,
        ):
            if group:
                return group[0], ""
        raise AssertionError("unreachable")

    # --- /exercise submit id -----------------------------------------------------------------

    async def submit(self, actor: Actor, exercise_id: str, code: str, filename: str = "") -> Reply:
        exercise = self.exercise(exercise_id)
        if filename and not filename.lower().endswith(".py"):
            raise BadInput("Send a Python file (.py).")
        if len(code.encode("utf-8")) > CODE_MAX_BYTES:
            raise BadInput(
                f"Your code is over {CODE_MAX_BYTES // 1024} KB; exercises need far less."
            )
        if not code.strip():
            raise BadInput("That submission is empty: paste your code or attach your .py file.")
        who = (actor.platform, actor.community_id, actor.user_id)
        if who in self._running:
            raise UserError("Your last submission is still being graded; wait for its result.")
        self._running.add(who)
        try:
            outcome = await self._sandbox.run(
                Job(code, exercise.public, exercise.hidden, exercise.limits)
            )
        except SandboxUnavailable as exc:
            raise UserError(off_line(exc.reason)) from None
        finally:
            self._running.discard(who)
        return await self._record(actor, exercise, code, outcome)

    async def _record(self, actor: Actor, exercise: Exercise, code: str, outcome: Outcome) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            public_ok, public_all = outcome.count(hidden=False)
            hidden_ok, hidden_all = outcome.count(hidden=True)
            uow.exercises.add(
                ExerciseSubmission(
                    member_id=member.id,
                    exercise_id=exercise.id,
                    at=now,
                    verdict=outcome.verdict,
                    public_passed=public_ok,
                    public_total=public_all,
                    hidden_passed=hidden_ok,
                    hidden_total=hidden_all,
                    seconds=round(outcome.seconds, 3),
                    message=outcome.message[:500],
                    code=code,
                )
            )
            row = await uow.exercises.standing(member.id, exercise.id)
            passed_before = row.passed_at is not None
            row.attempts += 1
            xp = 0
            review = None
            if outcome.passed and not passed_before:
                if await uow.exercises.first_pass(row, now):
                    xp = await self._award(uow, member, community, exercise, now)
            elif not outcome.passed and not passed_before:
                card = srs.from_dict(row.card) if row.card else srs.new_card(row.id, now)
                card = srs.review(card, False, now)
                row.card, row.due = srs.to_dict(card), card.due
                review = card.due
            await uow.commit()
        return result_reply(exercise, outcome, xp=xp, passed_before=passed_before, review=review)

    async def _award(
        self,
        uow: UnitOfWork,
        member: Member,
        community: Community,
        exercise: Exercise,
        now: datetime,
    ) -> int:
        day = member_today(member, community, now)
        await uow.xp.award(
            member,
            exercise.meta.xp,
            EXERCISE_XP_REASON,
            f"exercise:{exercise.id}",
            now,
            day,
            values=uow.exercises.passed_counter(),
        )
        await self._progress.review(uow, community, member, now)
        return exercise.meta.xp

    # --- /exercise list ----------------------------------------------------------------------

    async def progress(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            member = (await visit(uow, actor, now)).member
            rows = await uow.exercises.standings(member.id) if member.id else {}
            due = await uow.exercises.due(member.id, now) if member.id else []
        steps = {s.id: s.name for s in self._catalog.roadmap.steps}
        standings = {key: standing_of(row) for key, row in rows.items()}
        return list_reply(self.pack, standings, steps, due)


async def exercises_json(uow: UnitOfWork, member: Member) -> list[dict[str, Any]]:
    """``/me export``: the member's submissions, oldest first."""
    return [
        {
            "exercise": s.exercise_id,
            "at": s.at.isoformat(),
            "verdict": s.verdict,
            "public_tests": [s.public_passed, s.public_total],
            "hidden_tests": [s.hidden_passed, s.hidden_total],
            "seconds": s.seconds,
            "message": s.message,
            "code": s.code,
        }
        for s in await uow.exercises.submissions_of(member.id)
    ]


async def pass_rates_text(uow: UnitOfWork, community_id: int, limit: int = 12) -> str:
    """``/admin stats``: per exercise tried, members who passed of those who submitted."""
    rates = await uow.exercises.pass_rates(community_id)
    lines = pass_rate_lines([(r.exercise_id, r.members, r.passed, r.submissions) for r in rates])
    more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more if lines else "No exercise submissions yet."
