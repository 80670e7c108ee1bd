"""Career-ladder levels: reached with XP **and** evidence (SPEC §5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class Progress:
    xp: int
    shipped_projects: int = 0
    mastered_topics: int = 0
    longest_streak: int = 0


class EvidenceLike(Protocol):
    @property
    def shipped_projects(self) -> int: ...
    @property
    def mastered_topics(self) -> int: ...
    @property
    def longest_streak(self) -> int: ...


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
    )


def current_level(levels: Sequence[L], progress: Progress) -> L:
    """The highest level met in order: a level counts only when all below it are met."""
    reached = levels[0]
    for level in levels[1:]:
        if not meets(level, progress):
            break
        reached = level
    return reached
