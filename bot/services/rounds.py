"""Live group rounds in a channel (SPEC §4): timed questions, points, scoreboards, XP."""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.models import Community, Member, QuizRound, RoundAnswer
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, NotFound
from bot.domain.quiz import (
    FIRST_CORRECT_POINTS,
    ROUND_COUNT_RANGE,
    ROUND_DEFAULT_COUNT,
    ROUND_DEFAULT_SECONDS,
    ROUND_SECONDS_RANGE,
    ROUND_XP_PER_POINT,
    RoundAnswerView,
    question_points,
)
from bot.domain.untrusted import button_numbers
from bot.domain.wording import check_within, plural
from bot.replies import Field, Reply
from bot.services.actor import Actor
from bot.services.members import enrol, member_today
from bot.services.outbox import DeliveryService, enqueue
from bot.services.ports import Background, Sleeper
from bot.services.progress import Progression
from bot.services.quiz import QUIZ_STALE, QuizService, choice_buttons

log = logging.getLogger("mlpath.rounds")
# A running round whose question closed this long ago has lost its process: end it.
ORPHAN_GRACE = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class Where:
    platform: str
    community: str
    channel: str


def _standings(totals: dict[str, int]) -> str:
    if not totals:
        return "No points yet."
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return "\n".join(
        f"{i}. {name} — {plural(pts, 'pt')}" for i, (name, pts) in enumerate(ranked, 1)
    )


def round_channel(actor: Actor, community: Community) -> str | None:
    """Where a round runs: the channel it was started from. The console has one room, so
    there it is the group's channel once ``/admin setup`` named one."""
    if actor.platform == "console" and community.channel_id:
        return community.channel_id
    return actor.channel_id or community.channel_id


class RoundService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        quiz: QuizService,
        progress: Progression,
        delivery: DeliveryService,
        sleeper: Sleeper,
        background: Background,
        *,
        lead_in: timedelta = timedelta(seconds=3),
        rng: random.Random | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._quiz = quiz
        self._progress = progress
        self._delivery = delivery
        self._sleeper = sleeper
        self._background = background
        self._lead_in = lead_in
        self._rng = rng or random.Random()

    async def start(
        self,
        actor: Actor,
        count: int = ROUND_DEFAULT_COUNT,
        seconds: int = ROUND_DEFAULT_SECONDS,
        topic: str | None = None,
        difficulty: int | None = None,
    ) -> Reply:
        check_within("count", count, *ROUND_COUNT_RANGE)
        check_within("seconds", seconds, *ROUND_SECONDS_RANGE)
        self._quiz.check_topic(topic)
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            community = enrolment.community
            pool = await self._quiz.pool(uow, community, topic, difficulty)
            channel = round_channel(actor, community)
            if not channel:
                raise BadInput("Start a round from the channel it should run in.")
            running = await uow.quiz.running_round(community.id, channel)
            if running is not None:
                if not self._orphaned(running, now):
                    raise BadInput(
                        "A round is already running in this channel: join it, or wait for its end."
                    )
                await self._close(uow, running.id, "aborted", now)  # its process is gone
                await uow.quiz.flush()
            round_ = QuizRound(
                community_id=community.id,
                channel_id=channel,
                started_by=actor.user_id,
                status="running",
                question_ids=self._rng.sample(pool, min(count, len(pool))),
                seconds=seconds,
                current=0,
                started_at=now,
            )
            uow.quiz.add(round_)
            await uow.quiz.flush()
            await uow.commit()
        where = Where(actor.platform, actor.community_id, channel)
        self._background.spawn(self.run(round_.id, where), name=f"round-{round_.id}")
        return Reply(
            f"{enrolment.member.name} started a quiz round: "
            f"{plural(len(round_.question_ids), 'question')}, {plural(seconds, 'second')} "
            "each. First correct answer 3 points, other correct answers 1.",
            title="Quiz round",
            private=False,
        )

    async def run(self, round_id: int, where: Where) -> None:
        """Play the round; if posting fails midway, end it with the scores so far."""
        try:
            await self._play(round_id, where)
        except Exception:
            log.exception("round %s stopped early", round_id)
            await self.finish(round_id, where, "aborted")

    async def _play(self, round_id: int, where: Where) -> None:
        """Ask each question, wait for its deadline, post the scoreboard; then finish."""
        await self._sleeper.until(self._clock.now() + self._lead_in)
        async with self._uow() as uow:
            round_ = await uow.quiz.round(round_id)
            question_ids = list(round_.question_ids) if round_ else []
        for index, question_id in enumerate(question_ids):
            seconds = timedelta(seconds=round_.seconds if round_ else 20)
            async with self._uow() as uow:
                live = await uow.quiz.round(round_id, lock=True)
                if live is None or live.status != "running":
                    return
                live.current, live.question_deadline = index, self._clock.now() + seconds
                await uow.commit()
            async with self._uow(write=False) as uow:
                question = await self._quiz.resolve(uow, question_id)
            asked = Reply(
                question.stem,
                title=f"Question {index + 1} of {len(question_ids)} · {live.seconds} s",
                # One post per question: everyone in the round sees the same order.
                buttons=choice_buttons(
                    question, "qr", f"{round_id}.{index}", f"round:{round_id}:{index}"
                ),
                private=False,
            )
            await self._announce(where, f"{round_id}:q{index}", asked)
            deadline = self._clock.now() + seconds  # the full time counts from the post
            async with self._uow() as uow:
                live = await uow.quiz.round(round_id, lock=True)
                if live is not None and live.status == "running":
                    live.question_deadline = deadline
                await uow.commit()
            await self._sleeper.until(deadline)
            results = await self._after_question(round_id, index)
            if results is None:  # stopped (/quiz stop) while this question ran
                return
            await self._announce(where, f"{round_id}:r{index}", results)
        await self.finish(round_id, where, "finished")

    async def _announce(self, where: Where, key: str, reply: Reply) -> None:
        """Round posts go through the outbox like every post, sent at once ahead of any
        backlog (a failed send is retried by the delivery loop like any other post)."""
        now = self._clock.now()
        async with self._uow() as uow:
            row_id = await self._queue(uow, where, key, reply, now)
            await uow.commit()
        if row_id is not None:
            await self._delivery.deliver_now(row_id)

    @staticmethod
    async def _queue(
        uow: UnitOfWork, where: Where, key: str, reply: Reply, now: datetime
    ) -> int | None:
        """Queue a round post in the caller's transaction; its outbox row id."""
        community = await uow.communities.get(where.platform, where.community)
        if community is None:
            return None
        await enqueue(uow, community, "round", key, reply, now, channel=where.channel)
        row = await uow.outbox.find(community.id, "round", key)
        return row.id if row is not None else None

    async def _after_question(self, round_id: int, index: int) -> Reply | None:
        """The question's results, or None when the round has ended meanwhile."""
        async with self._uow(write=False) as uow:
            round_ = await uow.quiz.round(round_id)
            if round_ is None or round_.status != "running":
                return None
            rows = await uow.quiz.round_answers(round_id)
            question = await self._quiz.resolve(uow, round_.question_ids[index])
        this = self._named(rows, self._points(rows, index))
        totals = self._named(rows, self._points(rows))
        first = next((name for name, pts in this.items() if pts == FIRST_CORRECT_POINTS), None)
        lead = f"First correct: {first}." if first else "Nobody got this one."
        return Reply(
            f"Answer: {question.correct}\n{question.explanation}\n\n{lead}",
            title=f"Question {index + 1} — results",
            fields=(Field("Standings", _standings(totals), inline=False),),
            private=False,
        )

    @staticmethod
    def _points(
        rows: Sequence[tuple[int, RoundAnswer, Member]], only: int | None = None
    ) -> dict[int, int]:
        """Points per member id, over every question or ``only`` one."""
        by_question: dict[int, list[RoundAnswerView]] = defaultdict(list)
        for index, answer, member in rows:
            if only is None or index == only:
                by_question[index].append(
                    RoundAnswerView(str(member.id), answer.correct, answer.at)
                )
        totals: dict[int, int] = defaultdict(int)
        for answers in by_question.values():
            for member_id, pts in question_points(answers).items():
                totals[int(member_id)] += pts
        return dict(totals)

    @staticmethod
    def _named(
        rows: Sequence[tuple[int, RoundAnswer, Member]], points: dict[int, int]
    ) -> dict[str, int]:
        names = {m.id: m.name for _, _, m in rows}
        named: dict[str, int] = {}
        for member_id, pts in points.items():
            name = names[member_id]
            while name in named:  # two members may share a display name
                name += "\u200b"
            named[name] = pts
        return named

    async def _close(
        self, uow: UnitOfWork, round_id: int, status: str, now: datetime
    ) -> dict[str, int] | None:
        """Mark a running round ended and give XP (points × 2); None if it already ended."""
        round_ = await uow.quiz.round(round_id, lock=True)
        if round_ is None or round_.status != "running":
            return None
        round_.status, round_.ended_at = status, now
        rows = await uow.quiz.round_answers(round_id)
        members = {m.id: m for _, _, m in rows}
        points = self._points(rows)
        community = await uow.communities.by_id(round_.community_id)
        assert community is not None
        for member_id, pts in points.items():
            member, xp = members[member_id], pts * ROUND_XP_PER_POINT
            day = member_today(member, community, now)
            await uow.xp.award(member, xp, "round", f"round:{round_id}", now, day)
        for member in members.values():  # answers count towards mastery even without points
            await self._progress.review(uow, community, member, now)
        return self._named(rows, points)

    async def finish(
        self, round_id: int, where: Where, status: str, *, stopped_by: str | None = None
    ) -> bool:
        """End a round once: XP for everyone who scored and the final scoreboard, together.
        False when it had already ended."""
        now = self._clock.now()
        async with self._uow() as uow:
            totals = await self._close(uow, round_id, status, now)
            row_id = None
            if totals is not None:
                final = self._final_reply(totals, status, stopped_by)
                row_id = await self._queue(uow, where, f"{round_id}:final", final, now)
            await uow.commit()
        if row_id is not None:
            await self._delivery.deliver_now(row_id)
        return totals is not None

    @staticmethod
    def _final_reply(totals: dict[str, int], status: str, stopped_by: str | None) -> Reply:
        if status == "stopped":
            note = f"{stopped_by} stopped the round: these are the scores so far."
        elif status == "aborted":
            note = "The round ended early: these are the scores so far."
        else:
            note = "Thanks for playing!"
        earned = (
            ", ".join(
                f"{name} +{pts * ROUND_XP_PER_POINT} XP" for name, pts in sorted(totals.items())
            )
            or "No XP this time."
        )
        return Reply(
            f"{note}\n{earned}",
            title="Round over — final scores",
            fields=(Field("Final standings", _standings(totals), inline=False),),
            private=False,
        )

    def _orphaned(self, round_: QuizRound, now: datetime) -> bool:
        """No process is playing it: its current question closed a while ago."""
        deadline = round_.question_deadline or (round_.started_at + self._lead_in)
        return deadline + ORPHAN_GRACE <= now

    async def recover(self, platform: str) -> int:
        """Rounds whose process died end cleanly with their scores. Rounds another replica is
        still playing are left alone: only those past their deadline and a grace are taken."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            places = [
                (round_.id, Where(platform, community, round_.channel_id))
                for round_, community in await uow.quiz.running_rounds(platform)
                if self._orphaned(round_, now)
            ]
        for round_id, where in places:
            try:
                await self.finish(round_id, where, "aborted")
            except Exception:
                log.exception("could not close round %s after a restart", round_id)
        return len(places)

    async def answer(self, actor: Actor, arg: str) -> Reply:
        round_id, index, choice = button_numbers(arg, 3, stale=QUIZ_STALE)
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            round_ = await uow.quiz.round(round_id)
            if round_ is None or round_.community_id != enrolment.community.id:
                raise NotFound("That round is not from this community.")
            closed = (
                round_.status != "running"
                or round_.current != index
                or round_.question_deadline is None
                or now > round_.question_deadline
            )
            if closed:
                raise BadInput("That question is closed.")
            question = await self._quiz.resolve(uow, round_.question_ids[index])
            if not 1 <= choice <= len(question.choices):
                raise NotFound("That button no longer does anything.")
            first = await uow.quiz.add_round_answer(
                {
                    "round_id": round_id,
                    "question_index": index,
                    "member_id": enrolment.member.id,
                    "choice": choice,
                    "correct": choice == question.answer,
                    "at": now,
                }
            )
            if first:  # it also counts toward /quiz topics and mastery
                day = member_today(enrolment.member, enrolment.community, now)
                key = f"round:{round_id}:{index}"
                await self._quiz.record(
                    uow, enrolment.member, question, "round", choice, day, key, now
                )
            await uow.commit()
        if not first:
            return Reply("You already answered this question; your first answer counts.")
        return Reply(f"Locked in: {question.choices[choice - 1]}. Results when the time is up.")
