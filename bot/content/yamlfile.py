"""YAML loading that remembers the line of every value, for file:line errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.errors import sentence

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


# The bank's format nests four deep (file → questions → question → choices); anything far
# deeper is refused before it is composed, so a small file of ``[[[…]]]`` can neither recurse
# nor make the scanner's quadratic bookkeeping run for seconds.
MAX_DEPTH = 16
# C0 and C1 control characters (tab, newline and carriage return allowed), DEL and lone
# surrogates: refused in the file and in any value, escaped ones ("\\0", "\\x1b") included.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Mark(Protocol):
    line: int  # 0-based


def _line(mark: _Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _character(char: str) -> str:
    return f"U+{ord(char):04X}"


class _GuardedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses, as the events arrive (before anything deeper is
    composed): anchors and aliases (a few bytes could expand into gigabytes), nesting deeper
    than ``MAX_DEPTH`` and control characters in values; and that names the line of a value
    it cannot construct (a date like 2026-13-45, an integer of 5,000 digits)."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self._path = path
        self._depth = 0

    def _refuse(self, mark: _Mark | None, message: str) -> ContentError:
        return ContentError([ContentProblem(self._path, _line(mark), "", message)])

    def get_event(self) -> yaml.Event:
        event: yaml.Event = super().get_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self._refuse(event.start_mark, "anchors and aliases are not allowed")
        if isinstance(event, _COLLECTION_START):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise self._refuse(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, _COLLECTION_END):
            self._depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and (bad := _CONTROL.search(event.value)):
            raise self._refuse(
                event.start_mark,
                f"the control character {_character(bad.group())} is not allowed; remove it",
            )
        return event

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ContentError, yaml.YAMLError):
            raise
        except Exception as exc:  # ValueError, OverflowError …: one value is wrong
            raise self._refuse(node.start_mark, f"cannot read this value: {exc}") from None


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str) -> ContentProblem:
    """PyYAML refuses NUL and other special characters before parsing: name their line."""
    line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.character, int) else 1
    if isinstance(exc.character, int):
        message = f"the character U+{exc.character:04X} is not allowed in YAML; remove it"
    else:
        message = f"not valid YAML: {exc.reason}"
    return ContentProblem(path, line, "", message)


def parse_yaml(text: str, path: str) -> YamlDoc:
    """One pass over ``text``: the data and the line of every value (raises ContentError)."""
    loader: _GuardedLoader | None = None
    try:
        loader = _GuardedLoader(text, path)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        raise ContentError([_reader_problem(exc, text, path)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError(
            [ContentProblem(path, _line(mark), "", f"not valid YAML: {exc.problem}")]
        ) from exc
    finally:
        if loader is not None:
            loader.dispose()
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
            [doc.problem(tuple(err["loc"]), sentence(err)) for err in exc.errors()]
        ) from exc
