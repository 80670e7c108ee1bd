"""YAML loading that remembers the line of every value, for file:line errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]
FILE_MAX_BYTES = 256 * 1024  # the largest YAML file a member may upload (an import)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ContentProblem:
    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class YamlDoc:
    path: str
    data: Any
    lines: dict[Loc, int]

    def line(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest parent (1-based)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1

    def problem(self, loc: Loc, message: str) -> ContentProblem:
        return ContentProblem(self.path, self.line(loc), _dotted(loc), message)


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _index_lines(value, (*loc, key.value), lines)
                lines[(*loc, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*loc, index), lines)


def _refuse_aliases(text: str, path: str) -> None:
    """Anchors and aliases are refused: they let a few bytes expand into gigabytes."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1 if event.start_mark is not None else 1
            raise ContentError(
                [ContentProblem(path, line, "", "anchors and aliases are not allowed")]
            )


def parse_yaml(text: str, path: str) -> YamlDoc:
    try:
        _refuse_aliases(text, path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ContentError(
            [ContentProblem(path, line, "", f"not valid YAML: {exc.problem}")]
        ) from exc
    lines: dict[Loc, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return YamlDoc(path, data, lines)


def read_yaml(path: Path, base: Path | None = None) -> YamlDoc:
    shown = str(path.relative_to(base)) if base and path.is_relative_to(base) else str(path)
    return parse_yaml(path.read_text(encoding="utf-8"), shown)


def validate(doc: YamlDoc, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentError(
            [doc.problem(tuple(err["loc"]), err["msg"]) for err in exc.errors()]
        ) from exc
