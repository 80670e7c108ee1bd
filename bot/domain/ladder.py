"""Career-ladder levels: reached with XP **and** evidence (SPEC §5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from bot.domain.wording import plural


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
