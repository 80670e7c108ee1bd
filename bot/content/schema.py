"""Pydantic schemas of the content files (SPEC §3–5, docs/content.md)."""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args
from urllib.parse import urlparse

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _text(low: int, high: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=low, max_length=high)


# Resources may only point at official documentation on these hosts.
ALLOWED_DOC_HOSTS = frozenset(
    {
        "docs.python.org",
        "numpy.org",
        "pandas.pydata.org",
        "scikit-learn.org",
        "matplotlib.org",
        "docs.scipy.org",
        "pytorch.org",
        "mlflow.org",
        "www.kubeflow.org",
        "spark.apache.org",
        "hadoop.apache.org",
        "git-scm.com",
        "docs.pytest.org",
        "www.sqlite.org",
        "www.postgresql.org",
        "docs.aws.amazon.com",
        "cloud.google.com",
        "learn.microsoft.com",
        "huggingface.co",
        "gymnasium.farama.org",
        "docs.docker.com",
        "fastapi.tiangolo.com",
        "www.tensorflow.org",
        "docs.github.com",
        "www.kaggle.com",
    }
)

# 1 recall, 2 apply, 3 reason / compute / several steps, 4 senior: a scenario whose best answer
# a senior engineer would defend. A topic has difficulties 1–3 (and may add 4), or only 4.
Difficulty = Literal[1, 2, 3, 4]
DIFFICULTY_NAMES: dict[int, str] = dict(
    zip(get_args(Difficulty), ("easy", "medium", "hard", "senior"), strict=True)
)
SENIOR = 4
DIFFICULTY_HELP = ", ".join(f"{d} {name}" for d, name in DIFFICULTY_NAMES.items())

_BANNED_CHOICE = re.compile(r"\b(all|none|both) of (the )?(above|these)\b", re.I)
CHOICE_MAX = 70  # fits a Discord (80) and Slack (75) button label


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+-\d{3,}$", max_length=60)]
    difficulty: Difficulty
    step: Annotated[int, Field(ge=1, le=7)]
    stem: Annotated[str, _text(10, 400)]
    choices: Annotated[
        list[Annotated[str, _text(1, CHOICE_MAX)]],
        Field(min_length=2, max_length=5),
    ]
    answer: Annotated[int, Field(ge=1, le=5, description="1-based position of the correct choice")]
    explanation: Annotated[str, _text(40, 1000)]

    @field_validator("choices")
    @classmethod
    def _distinct_and_fair(cls, choices: list[str]) -> list[str]:
        if len({c.casefold() for c in choices}) != len(choices):
            raise ValueError("choices must be different from each other")
        for choice in choices:
            if _BANNED_CHOICE.search(choice):
                raise ValueError(f"no 'all/none/both of the above' choices: {choice!r}")
        return choices

    @model_validator(mode="after")
    def _answer_in_range(self) -> Question:
        if self.answer > len(self.choices):
            raise ValueError(f"answer {self.answer} but only {len(self.choices)} choices")
        return self

    @property
    def correct(self) -> str:
        return self.choices[self.answer - 1]


class QuizFile(_Strict):
    topic: Key
    name: Text
    questions: Annotated[list[Question], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_follow_topic(self) -> QuizFile:
        for question in self.questions:
            if not question.id.startswith(f"{self.topic}-"):
                raise ValueError(f"question id {question.id} must start with '{self.topic}-'")
        return self


class Resource(_Strict):
    title: Text
    url: str

    @field_validator("url")
    @classmethod
    def _official_docs_only(cls, url: str) -> str:
        parsed = urlparse(url)
        if parsed.scheme != "https" or parsed.hostname not in ALLOWED_DOC_HOSTS:
            raise ValueError(
                f"{url} is not on the allow-list of official documentation hosts (https only)"
            )
        return url


class Step(_Strict):
    id: Annotated[int, Field(ge=1, le=7)]
    key: Key
    name: Text
    summary: Text


class Day(_Strict):
    day: Annotated[int, Field(ge=1)]
    step: Annotated[int, Field(ge=1, le=7)]
    kind: Literal["study", "project"]
    title: Annotated[str, _text(3, 80)]
    task: Annotated[str, _text(40, 600)]
    minutes: Annotated[int, Field(ge=30, le=90)]
    reflection: Annotated[str, _text(10, 300)]
    topics: Annotated[list[Key], Field(min_length=1, max_length=3)]
    resources: Annotated[list[Resource], Field(max_length=3)] = []

    @field_validator("reflection")
    @classmethod
    def _is_question(cls, value: str) -> str:
        if not value.endswith("?"):
            raise ValueError("the reflection is a question: end it with '?'")
        return value


class Roadmap(_Strict):
    steps: Annotated[list[Step], Field(min_length=7, max_length=7)]
    days: Annotated[list[Day], Field(min_length=1)]

    @model_validator(mode="after")
    def _ordered(self) -> Roadmap:
        if [s.id for s in self.steps] != list(range(1, 8)):
            raise ValueError("steps must be ids 1..7 in order")
        if [d.day for d in self.days] != list(range(1, len(self.days) + 1)):
            raise ValueError("days must be numbered 1, 2, 3, … without gaps")
        if any(b.step < a.step for a, b in zip(self.days, self.days[1:], strict=False)):
            raise ValueError("days must go through the steps in order")
        return self

    def step(self, step_id: int) -> Step:
        return self.steps[step_id - 1]


class Evidence(_Strict):
    shipped_projects: Annotated[int, Field(ge=0)] = 0
    mastered_topics: Annotated[int, Field(ge=0)] = 0  # how many, any topics (they count too)
    longest_streak: Annotated[int, Field(ge=0)] = 0
    exercises: Annotated[int, Field(ge=0)] = 0  # hands-on exercises passed (SPEC §11)
    # Quiz topics that must be mastered, by key; the catalog checks that they exist and that
    # each level names the topics of the level below it (docs/content.md).
    topics: list[Key] = []

    @field_validator("topics")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("name each topic once")
        return value


class Level(_Strict):
    key: Key
    name: Text
    meaning: Text
    xp: Annotated[int, Field(ge=0)]
    evidence: Evidence = Evidence()


class Milestones(_Strict):
    streaks: list[Annotated[int, Field(ge=1)]] = [7, 30, 100, 365]
    correct_answers: list[Annotated[int, Field(ge=1)]] = [100]
    first_project_shipped: bool = True
    topic_mastered: bool = True
    level_up: bool = True


class Ladder(_Strict):
    levels: Annotated[list[Level], Field(min_length=2)]
    tracks: list[Level] = []
    milestones: Milestones = Milestones()

    @property
    def reachable(self) -> list[Level]:
        """Levels a member can reach (everyone starts on the first) and the tracks."""
        return [*self.levels[1:], *self.tracks]

    @model_validator(mode="after")
    def _climbs(self) -> Ladder:
        if self.levels[0].xp != 0:
            raise ValueError("the first level starts at 0 XP")
        for lower, upper in zip(self.levels, self.levels[1:], strict=False):
            lo, up = lower.evidence, upper.evidence
            if upper.xp <= lower.xp or (
                up.shipped_projects < lo.shipped_projects
                or up.mastered_topics < lo.mastered_topics
                or up.longest_streak < lo.longest_streak
                or up.exercises < lo.exercises
            ):
                raise ValueError(f"level {upper.key} must need more than {lower.key}")
        top = self.levels[-1]
        for track in self.tracks:
            if track.xp <= top.xp:
                raise ValueError(f"track {track.key} must need more XP than {top.key}")
        keys = [lvl.key for lvl in [*self.levels, *self.tracks]]
        if len(set(keys)) != len(keys):
            raise ValueError("level and track keys must be unique")
        return self
