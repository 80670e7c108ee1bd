"""The daily challenge (SPEC §4): one question a day for the whole group, answered once per
member and revealed with the explanation in the next day's post."""

from __future__ import annotations

import random
from datetime import date, datetime

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.content.schema import SENIOR
from bot.db.models import Challenge, Community
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, NotFound
from bot.domain.quiz import CHALLENGE_XP, next_challenge
from bot.domain.roadmap import day_on_roadmap
from bot.domain.timeutil import human_date
from bot.domain.untrusted import button_numbers
from bot.replies import Field, Reply
from bot.services.actor import Actor
from bot.services.members import community_today, enrol, member_today
from bot.services.progress import Progression
from bot.services.quiz import QUIZ_STALE, Award, QuizService, choice_buttons


def with_reveal(challenge: Reply, reveal: Reply) -> Reply:
    """Today's challenge post with yesterday's answer under it."""
    return Reply(
        challenge.text,
        title=challenge.title,
        fields=(Field(reveal.title or "Yesterday", reveal.text, inline=False),),
        buttons=challenge.buttons,
        private=False,
    )


class ChallengeService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        quiz: QuizService,
        progress: Progression,
        rng: random.Random | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._quiz = quiz
        self._progress = progress
        self._rng = rng or random.Random()
        # The challenge pool, in a stable order: the reviewed bank without its senior
        # scenarios, which would greet a group on day 1 with design-review questions.
        self._bank = sorted(q.id for q in catalog.questions.values() if q.difficulty != SENIOR)
        self._roadmap = catalog.roadmap.days
        self._by_topic = {key: {q.id for q in t.questions} for key, t in catalog.topics.items()}

    def day_questions(self, community: Community, day: date) -> set[str]:
        """The questions of study ``day``'s roadmap topics (none outside the roadmap): the
        challenge of Day 1 (vectors) is a linear-algebra or NumPy question, not CI/CD."""
        n = day_on_roadmap(community.roadmap_start, day, len(self._roadmap))
        if n is None:
            return set()
        return set().union(*(self._by_topic.get(t, set()) for t in self._roadmap[n - 1].topics))

    async def challenge_for(
        self, uow: UnitOfWork, community: Community, day: date, now: datetime
    ) -> Challenge:
        """Today's challenge of a community, chosen once (no repeat until the bank is used up)."""
        existing = await uow.quiz.challenge(community.id, day)
        if existing is not None:
            return existing
        used = await uow.quiz.used_challenge_questions(community.id)
        disabled = await uow.quiz.disabled(community.id)
        question_id = self.pick(disabled, used, self.day_questions(community, day))
        if question_id is None:
            raise NotFound("Every question of the bank is disabled in this group.")
        await uow.quiz.add_challenge(
            Challenge(
                community_id=community.id, local_date=day, question_id=question_id, created_at=now
            )
        )
        found = await uow.quiz.challenge(community.id, day)
        assert found is not None
        return found

    def pick(
        self, disabled: set[str], used: set[str], preferred: set[str] | None = None
    ) -> str | None:
        """The next challenge question: from the reviewed bank only (not the group's own
        questions, nor senior scenarios), without its disabled ones, one of ``preferred`` (the
        day's topics) while any is fresh, no repeat until the bank is used up."""
        bank = [q for q in self._bank if q not in disabled] if disabled else self._bank
        return next_challenge(bank, used, self._rng, preferred or set()) if bank else None

    def post(self, challenge: Challenge) -> Reply:
        """The challenge as the channel sees it, with one button per choice."""
        question = self._quiz.question(challenge.question_id)
        return Reply(
            f"{question.stem}\n\nOne answer each; it is revealed tomorrow with the explanation. "
            f"Correct answers earn {CHALLENGE_XP} XP.",
            title=f"Daily challenge · {human_date(challenge.local_date)}",
            # One post for the whole channel, so one order for everyone, from the challenge.
            buttons=choice_buttons(question, "qc", str(challenge.id), f"challenge:{challenge.id}"),
            private=False,
        )

    async def reveal(self, uow: UnitOfWork, community: Community, day: date) -> Reply | None:
        """The reveal of ``day``'s challenge, or None when there was none."""
        challenge = await uow.quiz.challenge(community.id, day)
        if challenge is None:
            return None
        question = self._quiz.question(challenge.question_id)
        total, right = await uow.quiz.challenge_results(challenge.id)
        share = (
            f"{right} of {total} answered correctly ({right / total:.0%})."
            if total
            else "Nobody answered."
        )
        return Reply(
            f"Answer: {question.correct}\n\n{question.explanation}\n\n{share}",
            title=f"Challenge of {human_date(day)}",  # its text begins "Answer: …"
            private=False,
        )

    async def answer(self, actor: Actor, arg: str) -> Reply:
        """A member's press on a challenge button: the first answer counts, until the day ends."""
        challenge_id, choice = button_numbers(arg, 2, stale=QUIZ_STALE)
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            challenge = await uow.quiz.challenge_by_id(challenge_id)
            if challenge is None or challenge.community_id != community.id:
                raise NotFound("That challenge is not from this community.")
            if challenge.local_date != community_today(community, now):
                raise BadInput("That challenge is closed; its answer is in today's post.")
            question = self._quiz.question(challenge.question_id)
            if not 1 <= choice <= len(question.choices):
                raise NotFound("That button no longer does anything.")
            correct = choice == question.answer
            day = member_today(member, community, now)
            key = f"challenge:{challenge.id}"
            award = Award(CHALLENGE_XP, "challenge", key) if correct else None
            first = await self._quiz.record(
                uow, member, question, "challenge", choice, day, key, now, award=award
            )
            if not first:
                await uow.commit()
                return Reply("You already answered today's challenge; your first answer counts.")
            await self._progress.review(uow, community, member, now)
            await uow.commit()
        return Reply(
            f"Your answer is in: {question.choices[choice - 1]}. The answer is revealed tomorrow."
        )
