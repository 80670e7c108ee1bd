"""Competitions (SPEC §11, issue 17): open and close one per community (moderators), show it
with its three files, score a predictions CSV, pick the final submission, and the boards.

Building a dataset and scoring a file are CPU work done in a thread, outside any transaction;
what they found is stored afterwards in one short write (the scores and the file's hash,
never the file). A competition past its deadline is closed by whoever notices first (the
scheduler's sweep or any /compete command): one conditional update decides who, so the XP of
the top three and the closing post happen once.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.clock import Clock
from bot.competitions.content import Competition
from bot.content.catalog import Catalog
from bot.db.models import Community, CompetitionRun, CompetitionSubmission, Member
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, NotFound, UserError
from bot.replies import Attachment, Field, Reply
from bot.services import competition_board as board
from bot.services.actor import Actor
from bot.services.members import enrol, member_today, visit
from bot.services.moderation import audit, moderating
from bot.services.outbox import enqueue
from bot.services.progress import Progression

if TYPE_CHECKING:  # NumPy, pandas and scikit-learn load on first use, not with the shell
    from bot.competitions.datasets import Dataset
    from bot.competitions.scoring import Scored

CONSOLE = "console"
POST_KIND = "compete"
XP_REASON = "competition"
FIRST_XP = 10  # the first valid submission to a competition
BASELINE_XP = 20  # the first public score better than the recorded baseline
TOP_XP = (50, 30, 20)  # the private top three at the close
CACHE_SIZE = 4


class CompetitionService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, progress: Progression
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._progress = progress
        self._data: dict[tuple[str, str], Dataset] = {}

    def competition(self, competition_id: str) -> Competition:
        key = competition_id.strip().lower()
        found = self._catalog.competitions.get(key)
        if found is None:
            known = ", ".join(c.id for c in self._catalog.competitions.ordered()) or "none yet"
            raise NotFound(f"There is no competition called {key[:40]}. Competitions: {known}.")
        return found

    async def _dataset(self, competition: Competition, salt: str) -> Dataset:
        key = (competition.id, salt)
        if key not in self._data:
            from bot.competitions.datasets import build_dataset

            built = await asyncio.to_thread(build_dataset, competition, salt)
            while len(self._data) >= CACHE_SIZE:
                self._data.pop(next(iter(self._data)))
            self._data[key] = built
        return self._data[key]

    async def _current(self, actor: Actor) -> tuple[Member, Community, CompetitionRun | None]:
        """The caller (or a visitor) and the community's latest competition, closed first when
        it is past its deadline."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            en = await visit(uow, actor, now)
            run = await uow.competitions.latest(en.community.id) if en.community.id else None
        if run is not None and run.closed_at is None and run.closes_at <= now:
            await self.finish(run.id)
            async with self._uow(write=False) as uow:
                run = await uow.competitions.get(run.id)
        return en.member, en.community, run

    # --- /compete ----------------------------------------------------------------------------

    async def show(self, actor: Actor) -> Reply:
        member, community, run = await self._current(actor)
        if run is None or run.closed_at is not None:
            ids = ", ".join(c.id for c in self._catalog.competitions.ordered())
            last = (
                " The last one is closed: /compete board shows its final standings." if run else ""
            )
            return Reply(
                f"No competition is open.{last} Moderators open one with "
                f"/admin compete open ID [days] ({ids}).",
                title="Competitions",
            )
        competition = self.competition(run.competition_id)
        dataset = await self._dataset(competition, run.salt)
        files = await asyncio.to_thread(dataset.files)
        attachments = tuple(Attachment(name, data, "text/csv") for name, data in files.items())
        limits = competition.meta.limits
        used = 0
        if member.id:
            async with self._uow(write=False) as uow:
                day = member_today(member, community, self._clock.now())
                used = await uow.competitions.count_on(run.id, member.id, day)
        if actor.platform == CONSOLE:
            files_line = "The files: train.csv, test.csv and sample_submission.csv (below)."
        else:
            files_line = (
                "This door cannot send the files yet (the console can); submissions work here."
            )
        return Reply(
            f"{competition.meta.statement.strip()}\n\n{files_line}\n"
            "Submit with /compete submit (console: :upload FILE.csv).",
            title=f"🏆 {competition.title}",
            fields=(
                Field(
                    "Metric", f"{board.metric_name(competition)} ({board.direction(competition)})"
                ),
                Field("Closes", board.when(run.closes_at)),
                Field("Today", f"{used} of {limits.per_day} submissions, up to {limits.max_mb} MB"),
                Field("Baseline to beat", board.score_text(competition.meta.baseline.score)),
            ),
            files=attachments,
        )

    # --- /compete submit ---------------------------------------------------------------------

    async def submit(self, actor: Actor, data: bytes, filename: str = "") -> Reply:
        if filename and not filename.lower().endswith(".csv"):
            raise BadInput("Send your predictions as a .csv file (id and your predictions).")
        if not data.strip():
            raise BadInput(
                "That file is empty: send your predictions CSV (see sample_submission.csv)."
            )
        member, community, run = await self._current(actor)
        if run is None or run.closed_at is not None:
            raise UserError("No competition is open, so there is nothing to submit to.")
        competition = self.competition(run.competition_id)
        limit = competition.meta.limits.per_day
        if member.id:
            async with self._uow(write=False) as uow:
                day = member_today(member, community, self._clock.now())
                if await uow.competitions.count_on(run.id, member.id, day) >= limit:
                    raise UserError(_limit_line(limit))
        dataset = await self._dataset(competition, run.salt)
        from bot.competitions.scoring import SubmissionRejected, check_and_score

        try:
            scored = await asyncio.to_thread(check_and_score, data, competition, dataset.answers)
        except SubmissionRejected as exc:
            raise BadInput("Not accepted:\n" + "\n".join(exc.problems)) from None
        return await self._record(actor, competition, run.id, scored)

    async def _record(
        self, actor: Actor, competition: Competition, run_id: int, scored: Scored
    ) -> Reply:
        now = self._clock.now()
        limit = competition.meta.limits.per_day
        async with self._uow() as uow:
            en = await enrol(uow, actor, now, lock=True)
            member, community = en.member, en.community
            run = await uow.competitions.get(run_id)
            if run is None or run.closed_at is not None or run.closes_at <= now:
                raise UserError("The competition closed before your file was scored.")
            day = member_today(member, community, now)
            used = await uow.competitions.count_on(run.id, member.id, day)
            if used >= limit:
                raise UserError(_limit_line(limit))
            earlier = await uow.competitions.of_member(run.id, member.id)
            uow.competitions.add(
                CompetitionSubmission(
                    run_id=run.id,
                    member_id=member.id,
                    day=day,
                    public_score=scored.public,
                    private_score=scored.private,
                    sha256=scored.sha256,
                    rows=scored.rows,
                    created_at=now,
                    final=False,
                )
            )
            xp: list[str] = []
            source = f"compete:{run.id}:{member.id}"
            if await uow.xp.award(member, FIRST_XP, XP_REASON, f"{source}:first", now, day):
                xp.append(f"+{FIRST_XP} XP for your first valid submission")
            if competition.beats(scored.public, competition.meta.baseline.score) and (
                await uow.xp.award(member, BASELINE_XP, XP_REASON, f"{source}:baseline", now, day)
            ):
                xp.append(f"+{BASELINE_XP} XP for beating the baseline")
            if xp:
                await self._progress.review(uow, community, member, now)
            await uow.commit()
        number = len(earlier) + 1
        best = min(
            [scored.public, *(s.public_score for s in earlier)],
            key=lambda v: -v if competition.meta.higher_is_better else v,
        )
        lines = [
            f"Submission {number} scored {board.score_text(scored.public)} "
            f"{board.metric_name(competition)} on the public share "
            f"({board.direction(competition)}).",
            f"Your best public score: {board.score_text(best)}. "
            f"{limit - used - 1} of {limit} submissions left today.",
            "The private share is scored at the close; pick the one that counts with "
            "/compete final N (else your best public one counts).",
            *xp,
        ]
        return Reply("\n".join(lines), title=f"✅ {competition.title}")

    # --- /compete final N --------------------------------------------------------------------

    async def final(self, actor: Actor, number: int) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            en = await enrol(uow, actor, now, lock=True)
            run = await uow.competitions.open_run(en.community.id)
            if run is None or run.closes_at <= now:
                raise UserError("No competition is open, so there is nothing to pick.")
            subs = await uow.competitions.of_member(run.id, en.member.id)
            if not subs:
                raise UserError("You have no submissions yet: /compete submit sends one.")
            if not 1 <= number <= len(subs):
                raise BadInput(f"Pick a submission from 1 to {len(subs)}.")
            picked = subs[number - 1]
            await uow.competitions.set_final(run.id, en.member.id, picked.id)
            await uow.commit()
        return Reply(
            f"Submission {number} (public {board.score_text(picked.public_score)}) is the one "
            "that counts at the close."
        )

    # --- /compete board ----------------------------------------------------------------------

    async def board(self, actor: Actor) -> Reply:
        _, _, run = await self._current(actor)
        if run is None:
            return Reply("No competition has been held here yet.", title="Competitions")
        competition = self.competition(run.competition_id)
        async with self._uow(write=False) as uow:
            rows = await uow.competitions.entries(run.id)
        if run.closed_at is None:
            return board.public_board(
                competition, run, board.ranked(competition, rows, private=False)
            )
        return board.private_board(competition, run, rows)

    # --- moderators --------------------------------------------------------------------------

    async def open(self, actor: Actor, competition_id: str, days: int | None = None) -> Reply:
        competition = self.competition(competition_id)
        length = days or competition.meta.days
        async with moderating(self._uow, self._clock, actor, "compete open") as (uow, en, now):
            running = await uow.competitions.open_run(en.community.id)
            if running is not None and running.closes_at > now:
                raise UserError(
                    f"{self.competition(running.competition_id).title} is still open; "
                    "/admin compete close ends it first."
                )
            due = running.id if running is not None else None
        if due is not None:
            await self.finish(due)
        async with moderating(self._uow, self._clock, actor, "compete open") as (uow, en, now):
            if await uow.competitions.open_run(en.community.id) is not None:
                raise UserError("A competition was opened meanwhile; /compete shows it.")
            run = await uow.competitions.add_run(
                CompetitionRun(
                    community_id=en.community.id,
                    competition_id=competition.id,
                    opened_at=now,
                    closes_at=now + timedelta(days=length),
                    closed_at=None,
                    salt=secrets.token_hex(16),
                )
            )
            await audit(uow, en, "compete open", now, competition=competition.id, days=length)
            await enqueue(
                uow,
                en.community,
                POST_KIND,
                f"open:{run.id}",
                board.open_post(competition, run),
                now,
            )
            await uow.commit()
        return Reply(
            f"{competition.title} is open until {board.when(run.closes_at)}; it is announced "
            "in the channel."
        )

    async def close(self, actor: Actor) -> Reply:
        async with moderating(self._uow, self._clock, actor, "compete close") as (uow, en, now):
            run = await uow.competitions.open_run(en.community.id)
            which = run.competition_id if run is not None else None
            await audit(uow, en, "compete close", now, competition=which)
            await uow.commit()
        if run is None:
            return Reply("No competition is open, so there is nothing to close.")
        if not await self.finish(run.id):
            return Reply("The competition was already closed.")
        return Reply("The competition is closed; the final standings are posted in the channel.")

    async def finish(self, run_id: int) -> bool:
        """Close the run, give the private top three their XP and queue the final standings;
        False when another caller (or process) closed it."""
        now = self._clock.now()
        async with self._uow() as uow:
            run = await uow.competitions.get(run_id)
            if run is None or not await uow.competitions.close(run_id, now):
                return False
            run.closed_at = now
            community = await uow.communities.by_id(run.community_id)
            assert community is not None
            competition = self.competition(run.competition_id)
            rows = await uow.competitions.entries(run.id)
            top = board.ranked(competition, rows, private=True)[: len(TOP_XP)]
            for place, (entry, amount) in enumerate(zip(top, TOP_XP, strict=False), start=1):
                await self._award_top(uow, community, entry.member, run, place, amount, now)
            post = board.close_post(competition, run, rows)
            await enqueue(uow, community, POST_KIND, f"close:{run.id}", post, now)
            await uow.commit()
        return True

    async def _award_top(
        self,
        uow: UnitOfWork,
        community: Community,
        member: Member,
        run: CompetitionRun,
        place: int,
        amount: int,
        now: datetime,
    ) -> None:
        day = member_today(member, community, now)
        source = f"compete:{run.id}:{member.id}:top{place}"
        if await uow.xp.award(member, amount, XP_REASON, source, now, day):
            await self._progress.review(uow, community, member, now)

    async def close_due(self) -> int:
        """The scheduler's sweep: close every competition past its deadline (once each)."""
        async with self._uow(write=False) as uow:
            due = await uow.competitions.due(self._clock.now())
        return sum([await self.finish(run_id) for _, run_id in due])


def _limit_line(limit: int) -> str:
    return f"You have sent {limit} submissions today, the daily limit; try again tomorrow."


async def competitions_json(uow: UnitOfWork, member: Member) -> list[dict[str, Any]]:
    """``/me export``: the member's submissions (scores and the file's hash), oldest first."""
    rows: Sequence[tuple[CompetitionSubmission, CompetitionRun]]
    rows = await uow.competitions.submissions_of(member.id)
    return [
        {
            "competition": run.competition_id,
            "opened_at": run.opened_at.isoformat(),
            "at": sub.created_at.isoformat(),
            "study_day": sub.day.isoformat(),
            "public_score": sub.public_score,
            "private_score": sub.private_score if run.closed_at is not None else None,
            "sha256": sub.sha256,
            "rows": sub.rows,
            "final": sub.final,
        }
        for sub, run in rows
    ]
