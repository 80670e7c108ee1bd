"""Competitions as content (SPEC §11, docs/content.md): one ``content/competitions/<id>.yaml``
per competition, the file name being its id.

``load_competitions`` reads and checks every file (file:line problems, as the rest of
``mlpath content check``) without building a dataset: NumPy is not needed to check content.
Whether the recorded baseline and reference scores still hold is CI's to verify
(tests/competitions/test_baselines.py), since it builds the data and trains a model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from bot.competitions.recipes import (
    GENERATORS,
    HIGHER_IS_BETTER,
    METRICS_OF_TASK,
    GeneratorSpec,
    MetricName,
    Task,
)
from bot.content.errors import sentence
from bot.content.yamlfile import ContentError, ContentProblem, YamlDoc, read_yaml, validate

COMPETITIONS_DIR = "competitions"
MAX_FILE_MB = 5  # SPEC §11: a predictions CSV of at most 5 MB
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LINK = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]


def _text(low: int, high: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=low, max_length=high)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatasetRecipe(_Strict):
    """How the data is built: the same recipe always gives the same bytes."""

    generator: str
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)]
    train_rows: Annotated[int, Field(ge=100, le=20_000)]
    test_rows: Annotated[int, Field(ge=50, le=20_000)]
    public_share: Annotated[float, Field(ge=0.1, le=0.9)] = 0.3
    params: dict[str, Any] = {}

    @field_validator("generator")
    @classmethod
    def _known(cls, name: str) -> str:
        if name not in GENERATORS:
            raise ValueError(f"unknown generator {name}; known: {', '.join(sorted(GENERATORS))}")
        return name


class SubmissionLimits(_Strict):
    per_day: Annotated[int, Field(ge=1, le=20)] = 5  # submissions per member per study day
    max_mb: Annotated[int, Field(ge=1, le=MAX_FILE_MB)] = MAX_FILE_MB

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024


class Recorded(_Strict):
    """A model's score on the whole hidden test set (public and private rows together)."""

    name: _Slug
    score: float


class CompetitionFile(_Strict):
    """``content/competitions/<id>.yaml``."""

    title: Annotated[str, _text(5, 80)]
    task: Task
    metric: MetricName
    higher_is_better: bool
    dataset: DatasetRecipe
    days: Annotated[int, Field(ge=3, le=60)] = 14
    limits: SubmissionLimits = SubmissionLimits()
    statement: Annotated[str, _text(300, 3000)]
    baseline: Recorded
    reference: Recorded
    tolerance: Annotated[float, Field(gt=0.0, le=0.1)]  # relative: 0.01 is 1 % of a score

    @field_validator("statement")
    @classmethod
    def _links(cls, statement: str) -> str:
        from bot.content.schema import ALLOWED_DOC_HOSTS

        links = [a or b for a, b in _LINK.findall(statement)]
        if not 1 <= len(links) <= 4:
            raise ValueError("link 1 to 4 pages of official documentation (Markdown links)")
        for url in links:
            host = re.sub(r"^https://([^/:#?]+).*$", r"\1", url)
            if not url.startswith("https://") or host not in ALLOWED_DOC_HOSTS:
                raise ValueError(f"{url} is not on the allow-list of official documentation hosts")
        return statement


@dataclass(frozen=True)
class Competition:
    id: str
    meta: CompetitionFile

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def spec(self) -> GeneratorSpec:
        return GENERATORS[self.meta.dataset.generator]

    @property
    def params(self) -> BaseModel:
        """The generator's parameters, defaults filled in."""
        return self.spec.params.model_validate(self.meta.dataset.params)

    @property
    def columns(self) -> tuple[str, ...]:
        """A submission's prediction columns, after ``id``."""
        return self.spec.columns(self.meta.metric)

    @property
    def header(self) -> tuple[str, ...]:
        return ("id", *self.columns)

    def beats(self, score: float, other: float) -> bool:
        """``score`` is strictly better than ``other`` under this competition's metric."""
        return score > other if self.meta.higher_is_better else score < other


@dataclass(frozen=True)
class CompetitionPack:
    """Every competition, by id (alphabetical)."""

    competitions: Mapping[str, Competition] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.competitions)

    def get(self, competition_id: str) -> Competition | None:
        return self.competitions.get(competition_id)

    def ordered(self) -> list[Competition]:
        return [self.competitions[key] for key in sorted(self.competitions)]

    def stats(self) -> dict[str, Any]:
        ordered = self.ordered()
        return {
            "count": len(ordered),
            "tasks": dict(sorted(Counter(c.meta.task for c in ordered).items())),
            "metrics": dict(sorted(Counter(c.meta.metric for c in ordered).items())),
        }


def check_competition(doc: YamlDoc, meta: CompetitionFile) -> list[ContentProblem]:
    """What the schema alone cannot see: the metric fits the task and its direction is the
    metric's, the generator makes data for this task with these parameters, the baseline and
    reference are the generator's, and the reference beats the baseline."""
    problems: list[ContentProblem] = []
    spec = GENERATORS[meta.dataset.generator]
    if meta.metric not in METRICS_OF_TASK[meta.task]:
        fits = ", ".join(METRICS_OF_TASK[meta.task])
        problems.append(doc.problem(("metric",), f"a {meta.task} task is scored with: {fits}"))
    if meta.higher_is_better != HIGHER_IS_BETTER[meta.metric]:
        way = "higher" if HIGHER_IS_BETTER[meta.metric] else "lower"
        problems.append(
            doc.problem(("higher_is_better",), f"{meta.metric}: {way} is better, not the reverse")
        )
    if spec.task != meta.task:
        problems.append(
            doc.problem(("task",), f"generator {spec.name} makes {spec.task} data, not {meta.task}")
        )
    candidates = 1  # ranking: each user ranks this many rows
    try:
        params = spec.params.model_validate(meta.dataset.params)
        candidates = int(getattr(params, "candidates", 1))
    except ValidationError as exc:
        for err in exc.errors():
            loc = ("dataset", "params", *err["loc"])
            problems.append(doc.problem(loc, sentence(err)))
    total = meta.dataset.train_rows + meta.dataset.test_rows
    if spec.max_rows is not None and total > spec.max_rows:
        problems.append(
            doc.problem(
                ("dataset", "test_rows"),
                f"{spec.name} has {spec.max_rows} rows; train_rows + test_rows is {total}",
            )
        )
    if candidates > 1:
        for part in ("train_rows", "test_rows"):
            if getattr(meta.dataset, part) % candidates:
                problems.append(
                    doc.problem(
                        ("dataset", part),
                        f"must be a multiple of candidates ({candidates}): each user ranks "
                        "that many items",
                    )
                )
    for part, wanted in (("baseline", spec.baseline), ("reference", spec.reference)):
        name = getattr(meta, part).name
        if name != wanted:
            problems.append(
                doc.problem((part, "name"), f"generator {spec.name}'s {part} is {wanted}")
            )
    base, ref = meta.baseline.score, meta.reference.score
    if not (ref > base if meta.higher_is_better else ref < base):
        problems.append(
            doc.problem(("reference", "score"), "the reference model must beat the baseline")
        )
    return problems


def read_competition(path: Path, base: Path | None = None) -> Competition:
    """Read, validate and check one competition file (raises ContentError, every problem)."""
    doc = read_yaml(path, base)
    problems: list[ContentProblem] = []
    if not _ID.match(path.stem):
        problems.append(
            ContentProblem(doc.path, 1, "", "the file name is the id: lowercase words joined by -")
        )
    meta = validate(doc, CompetitionFile)
    problems.extend(check_competition(doc, meta))
    if problems:
        raise ContentError(problems)
    return Competition(path.stem, meta)


def load_competitions(directory: Path, problems: list[ContentProblem]) -> CompetitionPack:
    """Every competition under ``directory/competitions`` (none when the folder is missing);
    what is wrong goes to ``problems``."""
    root = directory / COMPETITIONS_DIR
    if not root.is_dir():
        return CompetitionPack()
    found: dict[str, Competition] = {}
    for path in sorted(root.glob("*.yaml")):
        try:
            competition = read_competition(path, directory)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        found[competition.id] = competition
    for path in sorted(p for p in root.iterdir() if p.is_file() and p.suffix != ".yaml"):
        problems.append(
            ContentProblem(
                f"{COMPETITIONS_DIR}/{path.name}", 1, "", "not a competition (<id>.yaml)"
            )
        )
    return CompetitionPack(found)


def load_competition_dir(directory: Path) -> CompetitionPack:
    """The competitions of a content directory on their own; raises ContentError."""
    problems: list[ContentProblem] = []
    pack = load_competitions(directory, problems)
    if problems:
        raise ContentError(problems)
    return pack
