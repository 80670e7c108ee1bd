"""Quizzes (SPEC §4): spaced-repetition practice and topic mastery (the daily challenge is in
``challenge``)."""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.content.schema import DIFFICULTY_HELP, DIFFICULTY_NAMES, SENIOR, Question
from bot.db.models import Community, CustomQuestion, Member, QuizCard, QuizPrompt
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain import srs
from bot.domain.errors import BadInput, NotFound
from bot.domain.quiz import (
    PRACTICE_XP_PER_DAY,
    TopicTally,
    mastery_change,
    practice_xp,
    shown_order,
)
from bot.domain.roadmap import roadmap_day
from bot.domain.untrusted import button_numbers
from bot.replies import Button, Field, Reply
from bot.services.actor import Actor
from bot.services.members import community_today, enrol, member_today, visit
from bot.services.progress import Progression


@dataclass(frozen=True, slots=True)
class Award:
    """XP given with an answer, in the same statements as the answer's counters."""

    amount: int
    reason: str
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)  # more member columns to set


def current_step(catalog: Catalog, community: Community, today: date) -> int:
    """The roadmap step the community is on (step 1 before a start date is set)."""
    if community.roadmap_start is None:
        return 1
    days = catalog.roadmap.days
    n = min(max(roadmap_day(community.roadmap_start, today), 1), len(days))
    return days[n - 1].step


def choice_buttons(question: Question, action: str, prefix: str, seed: str) -> tuple[Button, ...]:
    """One button per choice, in the order ``seed`` shuffles them to. Each button's arg ends in
    the choice's original number, so a press is graded without knowing the order (after a
    restart too), and buttons posted before choices were shuffled read the same way."""
    order = shown_order(question.id, len(question.choices), seed)
    return tuple(Button(question.choices[n - 1], action, f"{prefix}.{n}") for n in order)


QUIZ_STALE = "That button no longer does anything. Type /quiz for a new question."


class QuizService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        progress: Progression,
        rng: random.Random | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._progress = progress
        self._rng = rng or random.Random()
        # Community questions, by id: immutable once stored, and their ids carry the community
        # (c12-numpy-001), so one process-wide cache serves every community.
        self._custom: dict[str, Question] = {}
        self._custom_topic: dict[str, str] = {}

    # --- lookups -----------------------------------------------------------------------------

    def question(self, question_id: str) -> Question:
        question = self._catalog.questions.get(question_id) or self._custom.get(question_id)
        if question is None:
            raise NotFound("That question is no longer in the bank. Type /quiz for a new one.")
        return question

    def topic_of(self, question_id: str) -> str:
        return self._catalog.topic_of.get(question_id) or self._custom_topic[question_id]

    def remember(self, row: CustomQuestion) -> Question:
        question = self._custom.get(row.question_id)
        if question is None:
            question = Question.model_validate(row.data)
            self._custom[row.question_id] = question
            self._custom_topic[row.question_id] = row.topic
        return question

    async def custom(self, uow: UnitOfWork, community: Community) -> list[Question]:
        """The community's own questions (added or imported by its moderators)."""
        return [self.remember(r) for r in await uow.custom_questions.of_community(community.id)]

    async def resolve(self, uow: UnitOfWork, question_id: str) -> Question:
        """Like ``question``, loading a community question this process has not seen yet."""
        if question_id not in self._catalog.questions and question_id not in self._custom:
            row = await uow.custom_questions.by_id(question_id)
            if row is not None:
                self.remember(row)
        return self.question(question_id)

    def check_topic(self, topic: str | None) -> str | None:
        if topic is None:
            return None
        key = topic.strip().lower()
        if key not in self._catalog.topics:
            known = ", ".join(sorted(self._catalog.topics))
            raise BadInput(f"`{topic[:40]}` is not a quiz topic. Topics: {known}.")
        return key

    async def pool(
        self, uow: UnitOfWork, community: Community, topic: str | None, difficulty: int | None
    ) -> list[str]:
        """Question ids matching the filters (the bank and the community's own), without
        those the community disabled."""
        disabled = await uow.quiz.disabled(community.id)
        key = self.check_topic(topic)
        own = [
            q.id
            for q in await self.custom(uow, community)
            if (key is None or self._custom_topic[q.id] == key)
            and (difficulty is None or q.difficulty == difficulty)
        ]
        pool = [q for q in [*self._allowed(topic, difficulty), *own] if q not in disabled]
        if not pool:
            raise NotFound("No questions match that topic and difficulty.")
        return pool

    def _allowed(self, topic: str | None, difficulty: int | None) -> list[str]:
        if difficulty is not None and difficulty not in DIFFICULTY_NAMES:
            raise BadInput(f"difficulty must be one of: {DIFFICULTY_HELP}.")
        key = self.check_topic(topic)
        # Senior scenarios come when asked for (a senior topic, or difficulty 4), not mixed
        # into a beginner's unfiltered practice or a topic-less round.
        senior = difficulty == SENIOR or (key is not None and self._catalog.topics[key].senior)
        return [
            q.id
            for q in self._catalog.questions.values()
            if (key is None or self._catalog.topic_of[q.id] == key)
            and (difficulty is None or q.difficulty == difficulty)
            and (senior or q.difficulty != SENIOR)
        ]

    # --- practice ----------------------------------------------------------------------------

    async def practice(
        self, actor: Actor, topic: str | None = None, difficulty: int | None = None
    ) -> Reply:
        self._allowed(topic, difficulty)  # bad filters are refused before anything is stored
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            member, community = enrolment.member, enrolment.community
            allowed = await self.pool(uow, community, topic, difficulty)
            question_id = await self.pick(uow, member, community, allowed, now)
            prompt = QuizPrompt(member_id=member.id, question_id=question_id, issued_at=now)
            uow.quiz.add(prompt)
            await uow.quiz.flush()
            await uow.commit()
        return self.question_reply(self.question(question_id), member.id, prompt.id)

    async def pick(
        self,
        uow: UnitOfWork,
        member: Member,
        community: Community,
        allowed: list[str],
        now: datetime,
    ) -> str:
        """Due reviews first, then new questions of the community's step, then any."""
        allowed_set = set(allowed)
        for question_id, _due in await uow.quiz.due_cards(member.id, now):
            if question_id in allowed_set:
                return question_id
        carded = dict(await uow.quiz.carded(member.id))
        fresh = [q for q in allowed if q not in carded]
        step = current_step(self._catalog, community, community_today(community, now))
        on_step = [q for q in fresh if self.question(q).step == step]
        if on_step or fresh:
            return self._rng.choice(on_step or fresh)
        return min((carded[q], q) for q in allowed)[1]

    def question_reply(self, question: Question, member_id: int, prompt_id: int) -> Reply:
        # Each showing is a new prompt, so its id makes the seed (question, member, attempt):
        # a question coming back by spaced repetition comes back in a new order.
        topic_name = self._catalog.topics[self.topic_of(question.id)].name
        return Reply(
            question.stem,
            title=f"{topic_name} · {DIFFICULTY_NAMES[question.difficulty]}",
            buttons=choice_buttons(
                question, "qa", str(prompt_id), f"practice:{member_id}:{prompt_id}"
            ),
        )

    async def answer_practice(self, actor: Actor, arg: str) -> Reply:
        prompt_id, choice = button_numbers(arg, 2, stale=QUIZ_STALE)
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            prompt, card = await uow.quiz.prompt_and_card(prompt_id)
            if prompt is None:  # skipped (/quiz skip), or never ours
                await uow.commit()
                return Reply("That question was skipped or is closed. Type /quiz for a new one.")
            if prompt.member_id != member.id:
                await uow.commit()
                return Reply("That question was someone else's. Type /quiz for one of your own.")
            if prompt.answered_at is not None:
                await uow.commit()
                return Reply("You already answered this question. Type /quiz for the next one.")
            question = await self.resolve(uow, prompt.question_id)
            if not 1 <= choice <= len(question.choices):
                raise NotFound(
                    "That button no longer does anything. Type /quiz for a new question."
                )
            correct = choice == question.answer
            prompt.answered_at = now
            day = member_today(member, community, now)
            self._review(uow, member, question.id, card, correct, now)
            award = None
            if correct:
                xp = practice_xp(await self._practice_earned(uow, member, day))
                if xp:
                    key = f"practice:{day.isoformat()}:{prompt.id}"
                    award = Award(xp, "practice", key, uow.xp.practice_counter(member, day, xp))
            await self.record(
                uow,
                member,
                question,
                "practice",
                choice,
                day,
                f"practice:{prompt.id}",
                now,
                award=award,
            )
            await self._progress.review(uow, community, member, now)
            await uow.commit()
        return self._verdict(question, choice, correct, award.amount if award else 0)

    @staticmethod
    async def _practice_earned(uow: UnitOfWork, member: Member, day: date) -> int:
        """Practice XP the member already earned on study day ``day``: the member row keeps
        the latest such day; an earlier one (after a timezone change) is read from the ledger."""
        if member.practice_day == day:
            return member.practice_xp
        if member.practice_day is None or day > member.practice_day:
            return 0
        return await uow.xp.earned(member.id, "practice", f"practice:{day.isoformat()}:")

    async def record(
        self,
        uow: UnitOfWork,
        member: Member,
        question: Question,
        mode: str,
        choice: int,
        day: date,
        key: str,
        now: datetime,
        *,
        award: Award | None = None,
    ) -> bool:
        """Store a graded answer once per (member, key), count it in the member's topic tally
        and evidence, and give ``award`` with it; False when it was already there."""
        correct = choice == question.answer
        topic = self.topic_of(question.id)
        tally = await uow.quiz.record_answer(
            {
                "member_id": member.id,
                "question_id": question.id,
                "topic": topic,
                "mode": mode,
                "choice": choice,
                "correct": correct,
                "study_day": day,
                "source_key": key,
                "at": now,
            }
        )
        if tally is None:
            return False
        mastered = mastery_change(tally, correct)
        if award is not None:
            await uow.xp.award(
                member,
                award.amount,
                award.reason,
                award.key,
                now,
                day,
                correct=int(correct),
                mastered=mastered,
                topic=topic,
                values=award.values,
            )
        else:
            await uow.members.credit(
                member, day, correct=int(correct), mastered=mastered, topic=topic
            )
        return True

    @staticmethod
    def _review(
        uow: UnitOfWork,
        member: Member,
        question_id: str,
        row: QuizCard | None,
        correct: bool,
        now: datetime,
    ) -> None:
        if row is None:
            card = srs.new_card(zlib.crc32(f"{member.id}:{question_id}".encode()), now)
        else:
            card = srs.from_dict(row.card)
        reviewed = srs.review(card, correct, now)
        if row is None:
            uow.quiz.add(
                QuizCard(
                    member_id=member.id,
                    question_id=question_id,
                    due=reviewed.due,
                    card=srs.to_dict(reviewed),
                )
            )
        else:
            row.card = srs.to_dict(reviewed)
            row.due = reviewed.due

    def _verdict(self, question: Question, choice: int, correct: bool, xp: int) -> Reply:
        if correct:
            head = f"Correct: {question.correct}."
            head += (
                f" +{xp} XP" if xp else f" (practice XP is capped at {PRACTICE_XP_PER_DAY} a day)"
            )
        else:
            chosen = question.choices[choice - 1]
            head = f"Not quite: you chose {chosen}. The answer is {question.correct}."
        return Reply(
            f"{head}\n\n{question.explanation}",
            title="Right!" if correct else "Not this time",
            buttons=(Button("Next question", "quiz", style="primary"),),
        )

    # --- mastery -----------------------------------------------------------------------------

    async def topics(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            tallies = await uow.quiz.topic_tallies(enrolment.member.id)
            await uow.commit()
        fields = []
        mastered = 0
        for key, topic in sorted(self._catalog.topics.items()):
            counts = tallies.get(key, TopicTally())
            mastered += counts.mastered
            badge = " · mastered" if counts.mastered else ""
            fields.append(Field(topic.name, f"{counts.correct}/{counts.answered} correct{badge}"))
        return Reply(
            f"{mastered} of {len(fields)} topics mastered. A topic is mastered with 10 correct "
            "answers and 8 of your last 10 right. Practise one with /quiz TOPIC.",
            title="Your quiz topics",
            fields=tuple(fields),
        )
