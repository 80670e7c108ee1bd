"""Quiz cards, prompts, answers, daily challenges and live rounds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Integer, bindparam, case, delete, func, select

from bot.db.models import (
    Challenge,
    Community,
    DisabledQuestion,
    Member,
    MemberTopic,
    QuizAnswer,
    QuizCard,
    QuizPrompt,
    QuizRound,
    RoundAnswer,
)
from bot.db.repositories._base import _dialect, _insert_ignore, _insert_of, _Repository, _table
from bot.domain.quiz import RECENT_MASK, TopicTally


@cache
def _tally_statement(dialect: str) -> Any:
    """Count one answer in a member's topic tally; built once (see ``_base``). Parameters:
    ``for_member``, ``for_topic``, ``add_correct`` (0 or 1). ``recent`` keeps the last
    answers as bits, newest lowest."""
    table = _table(MemberTopic)
    correct = bindparam("add_correct", type_=Integer)
    stmt = _insert_of(dialect)(table).values(
        member_id=bindparam("for_member"),
        topic=bindparam("for_topic"),
        answered=1,
        correct=correct,
        recent=correct,
    )
    return stmt.on_conflict_do_update(
        index_elements=["member_id", "topic"],
        set_={
            "answered": table.c.answered + 1,
            "correct": table.c.correct + correct,
            "recent": (table.c.recent * 2 + correct) % (RECENT_MASK + 1),
        },
    ).returning(table.c.answered, table.c.correct, table.c.recent)


class QuizRepository(_Repository):
    async def cards(self, member_id: int) -> dict[str, QuizCard]:
        stmt = select(QuizCard).where(QuizCard.member_id == member_id)
        return {c.question_id: c for c in (await self.session.execute(stmt)).scalars()}

    async def due_cards(self, member_id: int, now: datetime) -> Sequence[tuple[str, datetime]]:
        """(question, due) of the member's cards due by ``now``, earliest first."""
        stmt = (
            select(QuizCard.question_id, QuizCard.due)
            .where(QuizCard.member_id == member_id, QuizCard.due <= now)
            .order_by(QuizCard.due)
        )
        return [(q, d) for q, d in (await self.session.execute(stmt)).all()]

    async def carded(self, member_id: int) -> Sequence[tuple[str, datetime]]:
        stmt = select(QuizCard.question_id, QuizCard.due).where(QuizCard.member_id == member_id)
        return [(q, d) for q, d in (await self.session.execute(stmt)).all()]

    def add(self, row: object) -> None:
        self.session.add(row)

    async def flush(self) -> None:
        await self.session.flush()

    async def prompt_and_card(self, prompt_id: int) -> tuple[QuizPrompt | None, QuizCard | None]:
        """A practice prompt (locked) and its member's card of its question, in one query."""
        stmt = (
            select(QuizPrompt, QuizCard)
            .outerjoin(
                QuizCard,
                (QuizCard.member_id == QuizPrompt.member_id)
                & (QuizCard.question_id == QuizPrompt.question_id),
            )
            .where(QuizPrompt.id == prompt_id)
            .with_for_update(of=QuizPrompt)
        )
        row = (await self.session.execute(stmt)).one_or_none()
        return (row[0], row[1]) if row is not None else (None, None)

    async def open_prompt(self, member_id: int) -> QuizPrompt | None:
        """The member's latest practice prompt still waiting for an answer (locked)."""
        stmt = (
            select(QuizPrompt)
            .where(QuizPrompt.member_id == member_id, QuizPrompt.answered_at.is_(None))
            .order_by(QuizPrompt.id.desc())
            .limit(1)
            .with_for_update()
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def drop_prompt(self, prompt: QuizPrompt) -> None:
        """Close a prompt for good: its buttons find nothing afterwards. Call it after a newer
        prompt has been flushed, so SQLite never hands the id out again."""
        await self.session.delete(prompt)
        await self.session.flush()

    async def record_answer(self, values: dict[str, Any]) -> TopicTally | None:
        """Store a graded answer once per (member, source key) and count it in the member's
        topic tally (in SQL, so concurrent answers add up); the tally after it, or None when
        the answer was already stored. The caller credits the member's counters."""
        if not await _insert_ignore(self.session, QuizAnswer, values):
            return None
        correct = int(bool(values["correct"]))
        params = {
            "for_member": values["member_id"],
            "for_topic": values["topic"],
            "add_correct": correct,
        }
        stmt = _tally_statement(_dialect(self.session))
        answered, right, recent = (await self.session.execute(stmt, params)).one()
        return TopicTally(int(answered), int(right), int(recent))

    async def topic_tallies(self, member_id: int) -> dict[str, TopicTally]:
        """The member's tally per topic they answered in (a handful of rows)."""
        stmt = select(
            MemberTopic.topic, MemberTopic.answered, MemberTopic.correct, MemberTopic.recent
        ).where(MemberTopic.member_id == member_id)
        return {
            topic: TopicTally(int(a), int(c), int(r))
            for topic, a, c, r in (await self.session.execute(stmt)).all()
        }

    async def answer_history(self, member_id: int) -> Sequence[tuple[str, bool]]:
        """(topic, correct) of every answer, newest first (readers only: it grows with
        history; the hot path reads ``topic_tallies``)."""
        stmt = (
            select(QuizAnswer.topic, QuizAnswer.correct)
            .where(QuizAnswer.member_id == member_id)
            .order_by(QuizAnswer.at.desc(), QuizAnswer.id.desc())
        )
        return [(t, c) for t, c in (await self.session.execute(stmt)).all()]

    async def answers_of(self, member_id: int) -> Sequence[QuizAnswer]:
        """Every answer of the member, oldest first (the export; readers only)."""
        stmt = select(QuizAnswer).where(QuizAnswer.member_id == member_id).order_by(QuizAnswer.id)
        return (await self.session.execute(stmt)).scalars().all()

    async def disabled(self, community_id: int) -> set[str]:
        stmt = select(DisabledQuestion.question_id).where(
            DisabledQuestion.community_id == community_id
        )
        return set((await self.session.execute(stmt)).scalars())

    async def set_disabled(
        self, community_id: int, question_id: str, disabled: bool, now: datetime
    ) -> bool:
        """True when this changed anything."""
        if disabled:
            values = {"community_id": community_id, "question_id": question_id, "at": now}
            return await _insert_ignore(self.session, DisabledQuestion, values)
        result = await self.session.execute(
            delete(DisabledQuestion).where(
                DisabledQuestion.community_id == community_id,
                DisabledQuestion.question_id == question_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def accuracy_by_topic(self, community_id: int) -> list[tuple[str, int, int]]:
        """(topic, answers, correct) over the whole community, most answered first."""
        answers = func.count(QuizAnswer.id)
        correct = func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0)
        stmt = (
            select(QuizAnswer.topic, answers, correct)
            .join(Member, Member.id == QuizAnswer.member_id)
            .where(Member.community_id == community_id)
            .group_by(QuizAnswer.topic)
            .order_by(answers.desc(), QuizAnswer.topic)
        )
        return [(t, int(a), int(c)) for t, a, c in (await self.session.execute(stmt)).all()]

    async def challenge(self, community_id: int, day: date) -> Challenge | None:
        stmt = select(Challenge).where(
            Challenge.community_id == community_id, Challenge.local_date == day
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def challenge_by_id(self, challenge_id: int) -> Challenge | None:
        return await self.session.get(Challenge, challenge_id)

    async def used_challenge_questions(self, community_id: int) -> set[str]:
        stmt = select(Challenge.question_id).where(Challenge.community_id == community_id)
        return set((await self.session.execute(stmt)).scalars())

    async def add_challenge(self, challenge: Challenge) -> bool:
        return await _insert_ignore(
            self.session,
            Challenge,
            {
                "community_id": challenge.community_id,
                "local_date": challenge.local_date,
                "question_id": challenge.question_id,
                "created_at": challenge.created_at,
            },
        )

    async def challenge_results(self, challenge_id: int) -> tuple[int, int]:
        """(answers, correct answers) to one challenge."""
        stmt = select(
            func.count(), func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0)
        ).where(QuizAnswer.source_key == f"challenge:{challenge_id}")
        total, correct = (await self.session.execute(stmt)).one()
        return int(total), int(correct)

    async def running_round(self, community_id: int, channel_id: str) -> QuizRound | None:
        stmt = select(QuizRound).where(
            QuizRound.community_id == community_id,
            QuizRound.channel_id == channel_id,
            QuizRound.status == "running",
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def running_rounds(self, platform: str) -> Sequence[tuple[QuizRound, str]]:
        """Rounds still running on a platform, with their community's external id."""
        stmt = (
            select(QuizRound, Community.external_id)
            .join(Community, Community.id == QuizRound.community_id)
            .where(QuizRound.status == "running", Community.platform == platform)
        )
        return [(r, c) for r, c in (await self.session.execute(stmt)).all()]

    async def round(self, round_id: int, *, lock: bool = False) -> QuizRound | None:
        return await self.session.get(QuizRound, round_id, with_for_update=lock)

    async def add_round_answer(self, values: dict[str, Any]) -> bool:
        return await _insert_ignore(self.session, RoundAnswer, values)

    async def round_answers(self, round_id: int) -> Sequence[tuple[int, RoundAnswer, Member]]:
        stmt = (
            select(RoundAnswer.question_index, RoundAnswer, Member)
            .join(Member, Member.id == RoundAnswer.member_id)
            .where(RoundAnswer.round_id == round_id)
            .order_by(RoundAnswer.question_index, RoundAnswer.at, RoundAnswer.id)
        )
        return [(i, a, m) for i, a, m in (await self.session.execute(stmt)).all()]
