"""XP, the career ladder and milestones (SPEC §5): the one place progress is awarded and
milestones are recorded and announced — each once per member, through the outbox."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.content.catalog import Catalog
from bot.content.schema import Level
from bot.db.models import Community, Member
from bot.db.repositories import BASELINE
from bot.db.uow import UnitOfWork
from bot.domain.ladder import Climb, Progress, assuming_topics, climb, needs_topics
from bot.domain.quiz import mastered_topics
from bot.replies import Reply
from bot.services.outbox import enqueue, enqueue_role_grant


@dataclass(frozen=True, slots=True)
class Evidence:
    progress: Progress  # with the mastered topics
    mastered: tuple[str, ...]
    correct_answers: int


@dataclass(frozen=True, slots=True)
class Reached:
    key: str
    announcement: Reply | None  # None: recorded only (another post already tells the news)
    level: Level | None = None


class Progression:
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._ladder = catalog.ladder
        self._rungs = (*catalog.ladder.levels, *catalog.ladder.tracks)

    async def evidence(self, uow: UnitOfWork, member: Member) -> Evidence:
        """What the ladder counts, from the member's counters and topic tallies."""
        mastered = tuple(mastered_topics(await uow.quiz.topic_tallies(member.id)))
        progress = replace(progress_of(member), topics=frozenset(mastered))
        return Evidence(progress, mastered, member.correct_answers)

    def climb(self, member: Member, progress: Progress) -> Climb[Level]:
        return climb(self._ladder.levels, self._ladder.tracks, member.track, progress)

    async def review(
        self, uow: UnitOfWork, community: Community, member: Member, now: datetime
    ) -> list[str]:
        """Record the milestones the member has newly reached and queue their announcements.

        Call after anything that can move progress; it is idempotent. A member who was here
        before milestones existed (the ``BASELINE`` mark of the upgrade) has what they already
        hold recorded silently once, instead of a burst of old news. Returns the keys newly
        recorded.
        """
        progress = progress_of(member)
        # The digest is taken as if every topic the ladder names were mastered: the levels
        # it holds include every level the member could hold, so it changes whenever a level
        # could be new, without reading the tallies.
        hopeful = assuming_topics(progress, self._rungs)
        digest = self._digest(self._candidates(member, hopeful, None))
        if member.milestones_digest == digest:
            # Nothing changed since the last full review recorded every candidate; a change
            # of mastered topics clears the digest (MemberRepository credit, mastered=…).
            return []
        known = await uow.milestones.keys(member.id)
        silent = BASELINE in known
        if silent:
            await uow.milestones.forget(member.id, BASELINE)
        mastered: list[str] = []
        if self._ladder.milestones.topic_mastered or (
            self._ladder.milestones.level_up and needs_topics(self.climb(member, hopeful).reached)
        ):
            mastered = mastered_topics(await uow.quiz.topic_tallies(member.id))
        progress = replace(progress, topics=frozenset(mastered))
        candidates = self._candidates(member, progress, mastered)
        fresh = [r for r in candidates if r.key not in known]
        levels = [r for r in fresh if r.level is not None]
        roles = await uow.ladder_roles.of_community(community.id) if levels else {}
        for reached in fresh:
            await uow.milestones.record(member.id, reached.key, now)
            if reached.announcement is not None and not silent:
                await enqueue(
                    uow,
                    community,
                    "milestone",
                    f"{member.user_id}:{reached.key}",
                    reached.announcement,
                    now,
                )
            if reached.level is not None and reached.level.key in roles:
                await enqueue_role_grant(
                    uow,
                    community,
                    member.user_id,
                    reached.level.key,
                    roles[reached.level.key],
                    f"{member.name} reached {reached.level.name}",
                    now,
                )
        member.milestones_digest = digest
        return [r.key for r in fresh]

    def _digest(self, candidates: Iterable[Reached]) -> int:
        """A fingerprint of the milestone candidates other than topics; 0 for none (a new
        member's starting value)."""
        parts = sorted(r.key for r in candidates)
        if not self._ladder.milestones.topic_mastered:
            parts.append("~topics-off")
        if not parts:
            return 0
        digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True) or 1

    def _candidates(
        self, member: Member, progress: Progress, mastered: Sequence[str] | None
    ) -> list[Reached]:
        """Every milestone the member holds now, in announcement order; without the topic
        ones when ``mastered`` is None. Levels count by ``progress`` (and its topics)."""
        rules = self._ladder.milestones
        name = member.name
        out: list[Reached] = []
        for days in rules.streaks:
            if member.streak_longest >= days:
                out.append(Reached(f"streak-{days}", streak_announcement(name, days)))
        if rules.first_project_shipped and progress.shipped_projects >= 1:
            out.append(Reached("first-ship", None))  # the ship post says it is the first
        if rules.topic_mastered:
            for topic in mastered or ():
                topic_name = (
                    self._catalog.topics[topic].name if topic in self._catalog.topics else topic
                )
                out.append(
                    Reached(
                        f"mastered:{topic}",
                        Reply(
                            f"{name} mastered {topic_name}: 10+ correct answers and 8 of the "
                            "last 10 right.",
                            title="🧠 Topic mastered",
                            private=False,
                        ),
                    )
                )
        for count in rules.correct_answers:
            if member.correct_answers >= count:
                out.append(
                    Reached(
                        f"correct-{count}",
                        Reply(
                            f"{name} has answered {count} quiz questions correctly.",
                            title=f"✅ {count} correct answers",
                            private=False,
                        ),
                    )
                )
        if rules.level_up:
            position = self.climb(member, progress)
            for level in position.reached[1:]:  # everyone holds the first level from the start
                out.append(
                    Reached(
                        f"level:{level.key}",
                        Reply(
                            f"{name} reached {level.name}. {level.meaning}",
                            title=f"🎓 {level.name}",
                            private=False,
                        ),
                        level,
                    )
                )
        return out


def progress_of(member: Member) -> Progress:
    """The ladder evidence kept on the member row (which topics are mastered is not: see
    ``Progression.evidence``)."""
    return Progress(
        xp=member.xp,
        shipped_projects=member.shipped_projects,
        mastered_topics=member.mastered_topics,
        longest_streak=member.streak_longest,
        exercises=member.exercises_passed,
    )


def streak_announcement(name: str, days: int) -> Reply:
    return Reply(
        f"{name} has studied {days} days in a row. Keep it going!",
        title=f"🔥 {days}-day streak",
        private=False,
    )
