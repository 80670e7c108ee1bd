"""The mock-interview pack (``content/interviews.yaml``): one prompt per study-pair meeting.

Each prompt has a track (what kind of interview question it is), a level (a ladder level or
track key it is pitched at), 3–6 rubric points saying what a strong answer covers, and one
follow-up question. ``load_interviews`` reads and checks the file on its own; the catalog
(``bot.content.catalog``) checks it along with the rest of the content, level keys against the
ladder beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.content.schema import Ladder
from bot.content.yamlfile import ContentError, ContentProblem, YamlDoc, read_yaml, validate

INTERVIEWS_FILE = "interviews.yaml"
InterviewTrack = Literal["fundamentals", "system-design", "coding", "mlops", "behavioural"]
INTERVIEW_TRACKS: tuple[str, ...] = get_args(InterviewTrack)
RUBRIC_MIN, RUBRIC_MAX = 3, 6

_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]


def _text(low: int, high: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=low, max_length=high)


class InterviewPrompt(BaseModel):
    """One mock-interview question, pitched at one ladder level or track."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: _Slug
    track: InterviewTrack
    level: _Slug
    prompt: Annotated[str, _text(20, 600)]
    rubric: Annotated[
        list[Annotated[str, _text(10, 300)]],
        Field(min_length=RUBRIC_MIN, max_length=RUBRIC_MAX),
    ]
    follow_up: Annotated[str, _text(10, 300)]

    @field_validator("rubric")
    @classmethod
    def _distinct_points(cls, rubric: list[str]) -> list[str]:
        if len({" ".join(p.casefold().split()) for p in rubric}) != len(rubric):
            raise ValueError("rubric points must be different from each other")
        return rubric

    @field_validator("follow_up")
    @classmethod
    def _is_question(cls, value: str) -> str:
        if not value.endswith("?"):
            raise ValueError("the follow-up is a question: end it with '?'")
        return value


class InterviewPack(BaseModel):
    """Every prompt, in file order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompts: list[InterviewPrompt] = []

    def for_level(self, level: str) -> list[InterviewPrompt]:
        """The prompts pitched at ``level`` (a ladder level or track key), in file order."""
        return [p for p in self.prompts if p.level == level]

    def by_key(self) -> dict[str, InterviewPrompt]:
        return {p.key: p for p in self.prompts}

    def stats(self, level_order: Sequence[str] = ()) -> dict[str, object]:
        """Counts for ``mlpath content stats``: all prompts, per track, and per level in
        ``level_order`` (the ladder's order; a level without prompts counts 0) and then any
        other level in alphabetical order."""
        tracks: Counter[str] = Counter(p.track for p in self.prompts)
        levels: Counter[str] = Counter(p.level for p in self.prompts)
        others = sorted(set(levels) - set(level_order))
        return {
            "prompts": len(self.prompts),
            "tracks": {t: tracks[t] for t in INTERVIEW_TRACKS},
            "levels": {level: levels[level] for level in [*level_order, *others]},
        }


def check_interviews(
    doc: YamlDoc, pack: InterviewPack, level_keys: Collection[str] | None
) -> list[ContentProblem]:
    """What the schema cannot see: duplicate keys, and (given the ladder's level and track
    keys) levels the ladder does not have."""
    problems: list[ContentProblem] = []
    seen: set[str] = set()
    known = ", ".join(level_keys) if level_keys is not None else ""
    for index, prompt in enumerate(pack.prompts):
        if prompt.key in seen:
            problems.append(doc.problem(("prompts", index, "key"), f"duplicate key {prompt.key}"))
        seen.add(prompt.key)
        if level_keys is not None and prompt.level not in level_keys:
            problems.append(
                doc.problem(
                    ("prompts", index, "level"),
                    f"prompt {prompt.key} names unknown level {prompt.level}; "
                    f"the ladder's levels and tracks are: {known}",
                )
            )
    return problems


def ladder_keys(ladder: Ladder) -> list[str]:
    """Every level and track key of ``ladder``, in ladder order."""
    return [rung.key for rung in [*ladder.levels, *ladder.tracks]]


def read_interviews(
    path: Path, base: Path | None, level_keys: Collection[str] | None
) -> tuple[YamlDoc, InterviewPack]:
    """Read, validate and check one interview file (raises ContentError with every problem)."""
    doc = read_yaml(path, base)
    pack = validate(doc, InterviewPack)
    problems = check_interviews(doc, pack, level_keys)
    if problems:
        raise ContentError(problems)
    return doc, pack


def load_interviews(path: Path, level_keys: Collection[str] | None = None) -> InterviewPack:
    """The interview pack at ``path``; raises ContentError listing every problem.

    Level keys are checked against ``level_keys`` when given, otherwise against the
    ``ladder.yaml`` beside ``path`` when there is a valid one."""
    if not path.is_file():
        raise ContentError([ContentProblem(str(path), 1, "", "file is missing")])
    if level_keys is None:
        ladder_path = path.parent / "ladder.yaml"
        if ladder_path.is_file():
            try:
                level_keys = ladder_keys(validate(read_yaml(ladder_path), Ladder))
            except ContentError:
                level_keys = None  # the ladder's own problems are the catalog's to report
    return read_interviews(path, path.parent, level_keys)[1]
