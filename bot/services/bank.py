"""A community's own quiz questions: /admin quiz add (a form) and /admin quiz import (YAML in
the bank's format), validated exactly like the shipped bank and stored all or nothing."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import datetime

from pydantic import ValidationError

from bot.clock import Clock
from bot.content import imports
from bot.content.catalog import Catalog, normalised_stem
from bot.content.errors import sentence
from bot.content.schema import Question, QuizFile
from bot.content.yamlfile import ContentError, ContentProblem, YamlDoc
from bot.db.models import Community, CustomQuestion
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.wording import plural
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.moderation import audit, may_moderate, moderating
from bot.services.quiz import QuizService

IMPORT_MAX_QUESTIONS = 200
PROBLEMS_SHOWN = 10
_NUMBER = re.compile(r"-(\d{3,})$")


def custom_id(community: Community, topic: str, number: int) -> str:
    """Community questions are namespaced by community, so they never meet the bank's ids."""
    return f"c{community.id}-{topic}-{number:03d}"


class QuestionBankService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, quiz: QuizService
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._quiz = quiz

    async def add(
        self,
        actor: Actor,
        topic: str,
        difficulty: int,
        stem: str,
        choices: str,
        answer: int,
        explanation: str,
    ) -> Reply:
        key = self._quiz.check_topic(topic)
        assert key is not None
        async with moderating(self._uow, self._clock, actor, "quiz add") as (uow, en, now):
            community = en.community
            taken = await self._taken(uow, community)
            prefix = f"c{community.id}-{key}-"
            number = 1 + max((_number(q) for q in taken if q.startswith(prefix)), default=0)
            try:
                question = Question.model_validate(
                    {
                        "id": custom_id(community, key, number),
                        "difficulty": difficulty,
                        "step": self._step_of(key),
                        "stem": stem,
                        "choices": split_choices(choices),
                        "answer": answer,
                        "explanation": explanation,
                    }
                )
            except ValidationError as exc:
                raise BadInput(_first_error(exc)) from None
            clash = self._known_stems(taken).get(normalised_stem(question.stem))
            if clash is not None:
                raise BadInput(f"The bank already has this question: {clash}.")
            await uow.custom_questions.add_all([_row(community, key, question, actor, now)])
            await audit(uow, en, "quiz add", now, question=question.id)
            await uow.commit()
        return Reply(
            f"Added {question.id} to this group's {self._catalog.topics[key].name} questions. "
            f"It appears in practice and rounds; /admin quiz disable {question.id} takes it out."
        )

    async def import_yaml(self, actor: Actor, text: str, filename: str = "import.yaml") -> Reply:
        """All or nothing: one problem anywhere in the file and no question is stored.

        The file is read in a process of its own (``bot.content.imports``: a nesting and a
        time limit), before any transaction opens, and not for a member known not to
        moderate. Its problems are raised in the unit of work, after the moderator check (and
        its audit), as ever."""
        parsed: tuple[YamlDoc, QuizFile] | ContentError | None = None
        if await may_moderate(self._uow, actor):
            try:
                parsed = await asyncio.to_thread(imports.read_import, text, filename)
            except ContentError as exc:
                parsed = exc
        async with moderating(self._uow, self._clock, actor, "quiz import") as (uow, en, now):
            community = en.community
            if parsed is None:  # made a moderator between the two looks: rare
                raise BadInput("You became a moderator a moment ago: send the file again.")
            try:
                if isinstance(parsed, ContentError):
                    raise parsed
                doc, bank = parsed
                taken = await self._taken(uow, community)
                ids = [custom_id(community, bank.topic, _number(q.id)) for q in bank.questions]
                problems = self._import_problems(doc, bank, ids, taken)
                if problems:
                    raise ContentError(problems)
            except ContentError as exc:  # nothing is written: the unit of work rolls back
                raise BadInput(_problems_text(exc.problems)) from None
            rows = [
                _row(community, bank.topic, renamed, actor, now)
                for q, new_id in zip(bank.questions, ids, strict=True)
                if (renamed := _renamed(q, new_id)) is not None
            ]
            await uow.custom_questions.add_all(rows)
            await audit(uow, en, "quiz import", now, questions=len(rows), topic=bank.topic)
            await uow.commit()
        topic = self._catalog.topics[bank.topic].name
        return Reply(
            f"Imported {plural(len(rows), 'question')} into {topic} "
            f"({rows[0].question_id} … {rows[-1].question_id}). They appear in practice and rounds."
        )

    # --- helpers -------------------------------------------------------------------------------

    def _import_problems(
        self, doc: YamlDoc, bank: QuizFile, ids: list[str], taken: set[str]
    ) -> list[ContentProblem]:
        problems: list[ContentProblem] = []
        if bank.topic not in self._catalog.topics:
            known = ", ".join(sorted(self._catalog.topics))
            problems.append(doc.problem(("topic",), f"unknown topic; use one of: {known}"))
        if len(bank.questions) > IMPORT_MAX_QUESTIONS:
            problems.append(
                doc.problem(("questions",), f"at most {IMPORT_MAX_QUESTIONS} questions per import")
            )
        stems = self._known_stems(taken)
        seen: set[str] = set()
        for index, (question, new_id) in enumerate(zip(bank.questions, ids, strict=True)):
            loc = ("questions", index)
            if _renamed(question, new_id) is None:
                problems.append(doc.problem((*loc, "id"), f"{question.id} is too long"))
            elif new_id in taken:
                problems.append(doc.problem((*loc, "id"), f"{question.id} was imported already"))
            elif new_id in seen:
                problems.append(doc.problem((*loc, "id"), f"{question.id} is in the file twice"))
            seen.add(new_id)
            stem = normalised_stem(question.stem)
            if stem in stems:
                problems.append(doc.problem((*loc, "stem"), f"same stem as question {stems[stem]}"))
            stems.setdefault(stem, question.id)
        return problems

    async def _taken(self, uow: UnitOfWork, community: Community) -> set[str]:
        return {q.id for q in await self._quiz.custom(uow, community)}

    def _step_of(self, topic: str) -> int:
        """A form question takes the roadmap step most of its topic's questions belong to."""
        steps = Counter(q.step for q in self._catalog.topics[topic].questions)
        return steps.most_common(1)[0][0] if steps else 1

    def _known_stems(self, taken: set[str]) -> dict[str, str]:
        stems = {normalised_stem(q.stem): q.id for q in self._catalog.questions.values()}
        for question_id in sorted(taken):
            stems.setdefault(normalised_stem(self._quiz.question(question_id).stem), question_id)
        return stems


def _row(
    community: Community, topic: str, question: Question, actor: Actor, now: datetime
) -> CustomQuestion:
    return CustomQuestion(
        community_id=community.id,
        question_id=question.id,
        topic=topic,
        data=question.model_dump(),
        created_by=actor.user_id,
        at=now,
    )


def split_choices(text: str) -> list[str]:
    """One choice per line (a form), or separated by | (one line of text)."""
    parts = text.splitlines() if "\n" in text.strip() else text.split("|")
    return [p.strip() for p in parts if p.strip()]


def _renamed(question: Question, new_id: str) -> Question | None:
    """The question under its community id, validated again (None if that id is invalid)."""
    try:
        return Question.model_validate({**question.model_dump(), "id": new_id})
    except ValidationError:
        return None


def _number(question_id: str) -> int:
    match = _NUMBER.search(question_id)
    assert match is not None  # the schema's id pattern ends in three or more digits
    return int(match.group(1))


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"]) or "question"
    return f"{where}: {sentence(error)}"


def _problems_text(problems: list[ContentProblem]) -> str:
    shown = "\n".join(str(p) for p in problems[:PROBLEMS_SHOWN])
    more = len(problems) - PROBLEMS_SHOWN
    tail = f"\n… and {more} more." if more > 0 else ""
    return f"Nothing was imported; fix these and try again:\n{shown}{tail}"
