"""``mlpath content stats`` as a person reads it (``--json`` gives the same numbers to tools)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.content.schema import DIFFICULTY_NAMES


def stats_table(stats: Mapping[str, Any]) -> str:
    """The content's counts as a short report: totals, one row per topic, difficulties by
    name and where the right answers sit."""
    topics: dict[str, int] = dict(stats["topics"])
    interviews: Mapping[str, Any] = stats.get("interviews") or {"prompts": 0, "tracks": {}}
    width = max((len(t) for t in topics), default=5)
    lines = [
        f"Roadmap     {stats['roadmap_days']} days in {stats['steps']} steps",
        f"Ladder      {stats['levels']} levels, {stats['tracks']} tracks",
        f"Questions   {stats['questions']} in {len(topics)} topics",
        f"Interviews  {interviews['prompts']} prompts",
        *_exercise_rows(stats.get("exercises")),
        *_competition_rows(stats.get("competitions")),
        "",
        f"{'Topic':<{width}}  Questions",
        *(f"{topic:<{width}}  {count:>9}" for topic, count in sorted(topics.items())),
        "",
        "Difficulty  "
        + " · ".join(
            f"{DIFFICULTY_NAMES.get(int(level), level)} {count}"
            for level, count in sorted(stats["difficulty"].items())
        ),
        "Answers at  "
        + " · ".join(
            f"choice {position}: {count}"
            for position, count in sorted(stats["answer_positions"].items())
        ),
        *_interview_rows(interviews),
    ]
    return "\n".join(lines)


def _interview_rows(interviews: Mapping[str, Any]) -> list[str]:
    """Mock-interview prompts per track, then per ladder level or track key."""
    if not interviews["prompts"]:
        return []
    levels: dict[str, int] = dict(interviews["levels"])
    width = max(len("Interview level"), *(len(level) for level in levels))
    return [
        "",
        "Interviews  "
        + " · ".join(f"{track} {count}" for track, count in interviews["tracks"].items()),
        "",
        f"{'Interview level':<{width}}  Prompts",
        *(f"{level:<{width}}  {count:>7}" for level, count in levels.items()),
    ]


def _exercise_rows(exercises: Mapping[str, Any] | None) -> list[str]:
    """Hands-on exercises: how many, per roadmap step and per difficulty."""
    if not exercises or not exercises["count"]:
        return []
    steps = " · ".join(f"step {step}: {n}" for step, n in exercises["steps"].items())
    levels = " · ".join(f"{level} {n}" for level, n in exercises["difficulty"].items())
    return [
        f"Exercises   {exercises['count']} in {len(exercises['topics'])} topics ({steps}; {levels})"
    ]


def _competition_rows(competitions: Mapping[str, Any] | None) -> list[str]:
    """Competitions: how many, per task and per metric."""
    if not competitions or not competitions["count"]:
        return []
    tasks = " · ".join(f"{task} {n}" for task, n in competitions["tasks"].items())
    metrics = " · ".join(f"{metric} {n}" for metric, n in competitions["metrics"].items())
    return [f"Compete     {competitions['count']} competitions ({tasks}; {metrics})"]
