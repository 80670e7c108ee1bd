"""Career-ladder levels: reached with XP **and** evidence (SPEC §5): shipped projects, a number
of mastered topics, the longest streak and, for the upper levels, named topics mastered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from bot.domain.wording import plural


@dataclass(frozen=True, slots=True)
class Progress:
    xp: int
    shipped_projects: int = 0
    mastered_topics: int = 0
    longest_streak: int = 0
    topics: frozenset[str] = frozenset()  # the mastered topics, by key
    exercises: int = 0  # hands-on exercises passed


class EvidenceLike(Protocol):
    @property
    def shipped_projects(self) -> int: ...
    @property
    def mastered_topics(self) -> int: ...
    @property
    def longest_streak(self) -> int: ...
    @property
    def exercises(self) -> int: ...
    @property
    def topics(self) -> Sequence[str]: ...  # topics that must be mastered, by key


class LevelLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def xp(self) -> int: ...
    @property
    def evidence(self) -> EvidenceLike: ...


L = TypeVar("L", bound=LevelLike)


def meets(level: LevelLike, progress: Progress) -> bool:
    need = level.evidence
    return (
        progress.xp >= level.xp
        and progress.shipped_projects >= need.shipped_projects
        and progress.mastered_topics >= need.mastered_topics
        and progress.longest_streak >= need.longest_streak
        and progress.exercises >= need.exercises
        and progress.topics.issuperset(need.topics)
    )


def topics_missing(level: LevelLike, progress: Progress) -> list[str]:
    """The topics ``level`` names that ``progress`` has not mastered, in the level's order."""
    return [topic for topic in level.evidence.topics if topic not in progress.topics]


def needs_topics(levels: Sequence[LevelLike]) -> bool:
    """Whether any of ``levels`` names topics to master."""
    return any(level.evidence.topics for level in levels)


def assuming_topics(progress: Progress, levels: Sequence[LevelLike]) -> Progress:
    """``progress`` as if every topic that ``levels`` name were mastered. The climb it gives
    holds every level the real one holds (and may hold more): it tells, without reading which
    topics are mastered, whether a level could be new."""
    named = frozenset(topic for level in levels for topic in level.evidence.topics)
    return replace(progress, topics=progress.topics | named)


def current_level(levels: Sequence[L], progress: Progress) -> L:
    """The highest level met in order: a level counts only when all below it are met."""
    reached = levels[0]
    for level in levels[1:]:
        if not meets(level, progress):
            break
        reached = level
    return reached


def missing(level: LevelLike, progress: Progress) -> list[str]:
    """What ``progress`` still lacks for ``level``, in words; empty when it is met."""
    need = level.evidence
    gaps = []
    if progress.xp < level.xp:
        gaps.append(
            f"{level.xp - progress.xp:,} more XP (you have {progress.xp:,} of {level.xp:,})"
        )
    if progress.shipped_projects < need.shipped_projects:
        more = need.shipped_projects - progress.shipped_projects
        gaps.append(f"{plural(more, 'more shipped project')} (/project ship)")
    if progress.mastered_topics < need.mastered_topics:
        more = need.mastered_topics - progress.mastered_topics
        gaps.append(f"{plural(more, 'more mastered quiz topic')} (/quiz topics)")
    gaps.extend(f"master {topic} (/quiz {topic})" for topic in topics_missing(level, progress))
    if progress.exercises < need.exercises:
        more = need.exercises - progress.exercises
        gaps.append(f"{plural(more, 'more exercise')} passed (/exercise)")
    if progress.longest_streak < need.longest_streak:
        gaps.append(
            f"a streak of {need.longest_streak} days (your longest is {progress.longest_streak})"
        )
    return gaps


@dataclass(frozen=True, slots=True)
class Climb(Generic[L]):
    """Where a member stands: the level held, and the next one (None at the very top)."""

    level: L
    next: L | None
    reached: tuple[L, ...]  # every level held, lowest first (the first is everyone's)
    choosing_track: bool  # at the top of the ladder with no track chosen yet


def climb(
    levels: Sequence[L], tracks: Sequence[L], track: str | None, progress: Progress
) -> Climb[L]:
    """Levels count in order; after the last one the member's chosen track is the next step."""
    level = current_level(levels, progress)
    reached = tuple(levels[: levels.index(level) + 1])
    if level is not levels[-1]:
        return Climb(level, levels[levels.index(level) + 1], reached, False)
    chosen = next((t for t in tracks if t.key == track), None)
    if chosen is None:
        return Climb(level, None, reached, bool(tracks))
    if meets(chosen, progress):
        return Climb(chosen, None, (*reached, chosen), False)
    return Climb(level, chosen, reached, False)
