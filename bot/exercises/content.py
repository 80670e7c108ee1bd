"""Exercises as content (SPEC §11, docs/content.md): ``content/exercises/<id>/`` holds
``exercise.yaml``, ``starter.py``, ``solution.py``, ``test_public.py`` and ``test_hidden.py``.

``load_exercises`` reads and checks every folder (file:line problems, as the rest of
``mlpath content check``); the gates that need the sandbox (the solution passes, the starter
fails a hidden test) run in CI (tests/content/test_exercise_gates.py).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.content.yamlfile import ContentError, ContentProblem, read_yaml, validate
from bot.exercises.sandbox import Limits

EXERCISES_DIR = "exercises"
FILES = ("exercise.yaml", "starter.py", "solution.py", "test_public.py", "test_hidden.py")
XP_BY_DIFFICULTY = {"easy": 20, "medium": 30, "hard": 40}
PUBLIC_TESTS = (2, 4)
HIDDEN_TESTS = (3, 8)
CODE_MAX_BYTES = 64 * 1024
# What tests may import: the standard library, the three libraries and the member's module.
ALLOWED_IMPORTS = frozenset(sys.stdlib_module_names) | {"numpy", "pandas", "sklearn", "submission"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LINK = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
_Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


def _text(low: int, high: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=low, max_length=high)


class ExerciseLimits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cpu_seconds: Annotated[int, Field(ge=1, le=30)] = 5
    memory_mb: Annotated[int, Field(ge=64, le=2048)] = 512
    wall_seconds: Annotated[int, Field(ge=1, le=60)] = 10

    def sandbox(self) -> Limits:
        return Limits(self.cpu_seconds, self.memory_mb, self.wall_seconds)


class ExerciseMeta(BaseModel):
    """``exercise.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, _text(5, 80)]
    step: Annotated[int, Field(ge=1, le=7)]
    days: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1, max_length=3)]
    topic: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    difficulty: Literal["easy", "medium", "hard"]
    minutes: Annotated[int, Field(ge=5, le=120)]
    xp: Annotated[int, Field(ge=1, le=100)]
    entry: _Identifier | Annotated[list[_Identifier], Field(min_length=1, max_length=5)]
    statement: Annotated[str, _text(300, 1500)]
    limits: ExerciseLimits = ExerciseLimits()

    @field_validator("xp")
    @classmethod
    def _xp_of_difficulty(cls, xp: int, info: Any) -> int:
        difficulty = info.data.get("difficulty")
        wanted = XP_BY_DIFFICULTY.get(difficulty) if isinstance(difficulty, str) else None
        if wanted is not None and xp != wanted:
            article = "an" if str(difficulty)[:1] in "aeiou" else "a"
            raise ValueError(f"{article} {difficulty} exercise earns {wanted} XP")
        return xp

    @field_validator("statement")
    @classmethod
    def _links(cls, statement: str) -> str:
        from bot.content.schema import ALLOWED_DOC_HOSTS

        links = [a or b for a, b in _LINK.findall(statement)]
        if not 1 <= len(links) <= 3:
            raise ValueError("link 1 or 2 pages of official documentation (Markdown links)")
        for url in links:
            host = re.sub(r"^https://([^/:]+).*$", r"\1", url)
            if not url.startswith("https://") or host not in ALLOWED_DOC_HOSTS:
                raise ValueError(f"{url} is not on the allow-list of official documentation hosts")
        return statement

    @property
    def entries(self) -> tuple[str, ...]:
        return (self.entry,) if isinstance(self.entry, str) else tuple(self.entry)


@dataclass(frozen=True)
class Exercise:
    id: str
    meta: ExerciseMeta
    starter: str
    solution: str
    public: str
    hidden: str
    public_tests: tuple[str, ...] = ()
    hidden_tests: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def limits(self) -> Limits:
        return self.meta.limits.sandbox()


@dataclass(frozen=True)
class ExercisePack:
    """Every exercise, in roadmap order (step, first day, id)."""

    exercises: Mapping[str, Exercise] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.exercises)

    def get(self, exercise_id: str) -> Exercise | None:
        return self.exercises.get(exercise_id)

    def ordered(self) -> list[Exercise]:
        return sorted(self.exercises.values(), key=lambda e: (e.meta.step, e.meta.days[0], e.id))

    def of_step(self, step: int) -> list[Exercise]:
        return [e for e in self.ordered() if e.meta.step == step]

    def of_day(self, day: int) -> list[Exercise]:
        return [e for e in self.ordered() if day in e.meta.days]

    def stats(self) -> dict[str, Any]:
        ordered = self.ordered()
        return {
            "count": len(ordered),
            "steps": dict(sorted(Counter(str(e.meta.step) for e in ordered).items())),
            "topics": dict(sorted(Counter(e.meta.topic for e in ordered).items())),
            "difficulty": {
                d: sum(e.meta.difficulty == d for e in ordered) for d in XP_BY_DIFFICULTY
            },
        }


def test_functions(tree: ast.Module) -> list[str]:
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def defined_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def imported_modules(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


def load_exercises(
    directory: Path,
    problems: list[ContentProblem],
    *,
    topics: Collection[str] | None = None,
    days_of_step: Mapping[int, Collection[int]] | None = None,
) -> ExercisePack:
    """Every exercise under ``directory/exercises`` (none when the folder is missing); what is
    wrong goes to ``problems``. ``topics`` and ``days_of_step`` (the roadmap's) are checked when
    given."""
    root = directory / EXERCISES_DIR
    if not root.is_dir():
        return ExercisePack()
    found: dict[str, Exercise] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "__pycache__"):
        exercise = _load_one(folder, directory, problems, topics, days_of_step)
        if exercise is not None:
            found[exercise.id] = exercise
    return ExercisePack(found)


def _load_one(
    folder: Path,
    base: Path,
    problems: list[ContentProblem],
    topics: Collection[str] | None,
    days_of_step: Mapping[int, Collection[int]] | None,
) -> Exercise | None:
    where = f"{EXERCISES_DIR}/{folder.name}"
    start = len(problems)

    def problem(file: str, message: str, line: int = 1, field_name: str = "") -> None:
        problems.append(ContentProblem(f"{where}/{file}", line, field_name, message))

    if not _ID.match(folder.name):
        problem("", "the folder name is the id: lowercase words joined by '-'")
    present = {p.name for p in folder.iterdir() if p.name != "__pycache__"}
    for name in FILES:
        if name not in present:
            problem(name, "file is missing")
    for name in sorted(present - set(FILES)):
        problem(name, f"not part of an exercise (it holds exactly: {', '.join(FILES)})")
    if len(problems) > start:
        return None
    meta: ExerciseMeta | None = None
    try:
        doc = read_yaml(folder / "exercise.yaml", base)
        meta = validate(doc, ExerciseMeta)
    except ContentError as exc:
        problems.extend(exc.problems)
    code: dict[str, str] = {}
    trees: dict[str, ast.Module] = {}
    for name in FILES[1:]:
        text = (folder / name).read_text(encoding="utf-8")
        if len(text.encode()) > CODE_MAX_BYTES:
            problem(name, f"larger than {CODE_MAX_BYTES // 1024} KB")
        try:
            trees[name] = ast.parse(text, name)
        except SyntaxError as exc:
            problem(name, f"not valid Python: {exc.msg}", exc.lineno or 1)
            continue
        code[name] = text
    if meta is None or len(code) < len(FILES) - 1:
        return None
    if topics is not None and meta.topic not in topics:
        problems.append(doc.problem(("topic",), f"unknown quiz topic {meta.topic}"))
    if days_of_step is not None:
        step_days = days_of_step.get(meta.step, ())
        for index, day in enumerate(meta.days):
            if day not in step_days:
                message = f"day {day} is not a day of step {meta.step}"
                problems.append(doc.problem(("days", index), message))
    for name in ("starter.py", "solution.py"):
        missing = [e for e in meta.entries if e not in defined_names(trees[name])]
        if missing:
            problem(name, f"does not define {', '.join(missing)} (the exercise's entry)")
    names: dict[str, list[str]] = {}
    for name, (low, high) in (("test_public.py", PUBLIC_TESTS), ("test_hidden.py", HIDDEN_TESTS)):
        tree = trees[name]
        names[name] = test_functions(tree)
        if not low <= len(names[name]) <= high:
            count = len(names[name])
            problem(name, f"has {count} test{'s' * (count != 1)}; it needs {low} to {high}")
        modules = imported_modules(tree)
        for module in sorted(modules - ALLOWED_IMPORTS):
            problem(
                name,
                f"imports {module}: tests use only the standard library, numpy, "
                "pandas, scikit-learn and submission",
            )
        if "submission" not in modules:
            problem(name, "does not import the member's code (from submission import …)")
    shared = set(names["test_public.py"]) & set(names["test_hidden.py"])
    if shared:
        problem("test_hidden.py", f"repeats public tests: {', '.join(sorted(shared))}")
    if len(problems) > start:
        return None
    return Exercise(
        folder.name,
        meta,
        code["starter.py"],
        code["solution.py"],
        code["test_public.py"],
        code["test_hidden.py"],
        tuple(names["test_public.py"]),
        tuple(names["test_hidden.py"]),
    )
