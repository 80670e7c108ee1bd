"""``mlpath content stats`` as a person reads it (``--json`` gives the same numbers to tools)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.content.schema import DIFFICULTY_NAMES


def stats_table(stats: Mapping[str, Any]) -> str:
    """The content's counts as a short report: totals, one row per topic, difficulties by
    name and where the right answers sit."""
    topics: dict[str, int] = dict(stats["topics"])
    width = max((len(t) for t in topics), default=5)
    lines = [
        f"Roadmap     {stats['roadmap_days']} days in {stats['steps']} steps",
        f"Ladder      {stats['levels']} levels, {stats['tracks']} tracks",
        f"Questions   {stats['questions']} in {len(topics)} topics",
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
    ]
    return "\n".join(lines)
