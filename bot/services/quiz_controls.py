"""Quiz controls (issue 20): /quiz stop ends a live round early, /quiz skip moves practice on
without a penalty, /quiz review lists the questions spaced repetition has due."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import QuizPrompt
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, Forbidden, NotFound
from bot.domain.wording import plural
from bot.replies import Field, Reply
from bot.services.actor import Actor
from bot.services.members import Enrolment, enrol, visit
from bot.services.moderation import audit, is_moderator
from bot.services.quiz import QuizService
from bot.services.rounds import RoundService, Where, round_channel

DAY = timedelta(days=1)
WEEK = timedelta(days=7)


def due_in(delta: timedelta) -> str:
    """A rough, friendly "in …" for how far away the next review is."""
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"in {plural(minutes, 'minute')}"
    hours = minutes // 60
    if hours < 48:
        return f"in about {plural(hours, 'hour')}"
    return f"in about {plural(hours // 24, 'day')}"


class QuizControlService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        quiz: QuizService,
        rounds: RoundService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._quiz = quiz
        self._rounds = rounds

    # --- /quiz stop --------------------------------------------------------------------------

    async def stop(self, actor: Actor) -> Reply:
        """End the channel's live round now, with the scores so far posted as at any end.
        Only its starter or a moderator may."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            channel = round_channel(actor, enrolment.community)
            running = await uow.quiz.running_round(enrolment.community.id, channel or "")
            if running is None or channel is None:
                raise BadInput("No quiz round is running in this channel.")
            starter = running.started_by == actor.user_id
            if not starter:
                if not is_moderator(enrolment, actor):
                    raise Forbidden(
                        "Only the member who started this round or a moderator can stop it."
                    )
                await audit(uow, enrolment, "quiz stop", now, round=running.id)
            round_id, stopped_by = running.id, enrolment.member.name
            await uow.commit()
        where = Where(actor.platform, actor.community_id, channel)
        if not await self._rounds.finish(round_id, where, "stopped", stopped_by=stopped_by):
            return Reply("That round has already ended.")
        return Reply("You stopped the round. The scores so far are posted in the channel.")

    # --- /quiz skip --------------------------------------------------------------------------

    async def skip(self, actor: Actor) -> Reply:
        """Close the member's open practice question without an answer (no XP, no mastery, no
        spaced-repetition change) and ask the next one, from the same topic. Without an open
        question it asks the next one as /quiz does."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            skipped = await uow.quiz.open_prompt(enrolment.member.id)
            topic = await self._topic(uow, skipped.question_id) if skipped else None
            allowed = await self._quiz.pool(uow, enrolment.community, topic, None)
            if skipped is not None:  # move on: the skipped question is not asked again at once
                allowed = [q for q in allowed if q != skipped.question_id] or allowed
            prompt = await self._ask(uow, enrolment, allowed, now)
            if skipped is not None:  # after the new prompt took a higher id
                await uow.quiz.drop_prompt(skipped)
            await uow.commit()
        question = self._quiz.question(prompt.question_id)
        return self._quiz.question_reply(question, enrolment.member.id, prompt.id)

    async def _topic(self, uow: UnitOfWork, question_id: str) -> str | None:
        try:
            await self._quiz.resolve(uow, question_id)
            key = self._quiz.topic_of(question_id)
        except (NotFound, KeyError):  # the question left the bank meanwhile
            return None
        return key if key in self._catalog.topics else None

    async def _ask(
        self, uow: UnitOfWork, enrolment: Enrolment, allowed: list[str], now: datetime
    ) -> QuizPrompt:
        member = enrolment.member
        question_id = await self._quiz.pick(uow, member, enrolment.community, allowed, now)
        prompt = QuizPrompt(member_id=member.id, question_id=question_id, issued_at=now)
        uow.quiz.add(prompt)
        await uow.quiz.flush()
        return prompt

    # --- /quiz review ------------------------------------------------------------------------

    async def review(self, actor: Actor) -> Reply:
        """The member's questions due for review now, counted per topic (never the answers),
        with how many come due in the next day and week, or when the next one is due."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            community = enrolment.community
            await self._quiz.custom(uow, community)  # the community's own questions, by id
            disabled = await uow.quiz.disabled(community.id)
            cards = await uow.quiz.carded(enrolment.member.id)
            await uow.commit()
        topics: dict[str, str] = {}
        for question_id, _ in cards:
            key = self._catalog.topic_of.get(question_id)
            if key is None:
                try:
                    key = self._quiz.topic_of(question_id)
                except KeyError:  # no longer in the bank: /quiz will not ask it
                    continue
            if question_id not in disabled:
                topics[question_id] = key
        dues = sorted(due for q, due in cards if q in topics)
        due_now = Counter(topics[q] for q, due in cards if q in topics and due <= now)
        if not dues:
            return Reply(
                "Nothing is due for review: you have no review cards yet. Answer a few questions "
                "with /quiz and the ones worth another look come back here when due.",
                title="Nothing to review",
            )
        if not due_now:
            return Reply(
                "Nothing is due for review right now. "
                f"The next one is due {due_in(dues[0] - now)}.",
                title="Nothing to review",
            )
        later_day = sum(now < due <= now + DAY for due in dues)
        later_week = sum(now < due <= now + WEEK for due in dues)
        lines = "\n".join(
            f"{self._name(key)}: {n} · /quiz {key}"
            for key, n in sorted(due_now.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return Reply(
            f"{plural(sum(due_now.values()), 'question')} due for review now. /quiz asks due "
            f"reviews first; /quiz TOPIC keeps to one topic.\nLater: {later_day} more in the "
            f"next 24 hours, {later_week} within a week.",
            title="Due for review",
            fields=(Field("Topics", lines, inline=False),),
        )

    def _name(self, key: str) -> str:
        topic = self._catalog.topics.get(key)
        return topic.name if topic is not None else key
