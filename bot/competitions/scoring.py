"""A submitted predictions CSV, checked and scored: a pure function of the file's bytes, the
competition and its hidden answers. It is CPU-bound (a 5 MB file takes a fraction of a
second): doors call it in a worker thread (``asyncio.to_thread``), never on the event loop.

Problems come back as one line each, naming the file line (the header is line 1), at most
``MAX_PROBLEMS`` of them and then how many more. A line never echoes a cell as sent: values
are shown only when they are short and plain (letters, digits, ``._-``), so nothing a member
writes reaches a reply as a mention, a link or markup.

**CSV injection is refused, not neutralised**: a cell beginning with ``=``, ``+``, ``-`` or
``@`` (after spaces and tabs) that is not a number is a spreadsheet formula, and no id, class
or number of a valid submission looks like one. Refusing is simpler to reason about than
rewriting, and the file is never stored or sent on (only its SHA-256 and scores are kept).

**The public/private split is never revealed**: the result holds two scores, the file's hash
and its row count; problems depend on the file alone (never on which rows are public); the
public score is computed on a hidden subset chosen independently of ids and row order.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.competitions.content import Competition
from bot.competitions.datasets import Answers
from bot.competitions.metrics import score
from bot.competitions.recipes import LABEL_METRICS, PROBABILITY_METRICS

MAX_PROBLEMS = 10
FORMULA_START = ("=", "+", "-", "@")
SUM_TOLERANCE = 0.01  # a row of class probabilities sums to 1 within this
_PLAIN = re.compile(r"^[A-Za-z0-9._-]{1,24}$")


@dataclass(frozen=True, slots=True)
class Scored:
    """A valid submission's result: nothing in it names a row."""

    public: float
    private: float
    sha256: str
    rows: int


class SubmissionRejected(Exception):
    """The file is not a valid submission; ``problems`` are the lines to show the member."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


def _show(cell: str) -> str:
    """A cell as a reply may quote it: short plain text only."""
    return f"'{cell}'" if _PLAIN.match(cell) else "a value"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _id_text(cell: str) -> str:
    """An id as test.csv writes it: ``100042.0`` (an id column read as floats) is 100042."""
    if cell.endswith(".0") and cell[:-2].isdigit():
        return cell[:-2]
    return cell


def _is_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) and _number(cell) is None


class _Problems:
    def __init__(self, limit: int) -> None:
        self.limit, self.lines, self.count = limit, list[str](), 0

    def add(self, line: str) -> None:
        self.count += 1
        if len(self.lines) < self.limit:
            self.lines.append(line)

    def raise_if_any(self) -> None:
        if self.count:
            extra = self.count - len(self.lines)
            tail = [f"… and {extra} more problem{'s' if extra != 1 else ''}"] if extra else []
            raise SubmissionRejected([*self.lines, *tail])


def _text(data: bytes, max_bytes: int) -> str:
    """The file as text, or SubmissionRejected with one line."""
    if len(data) > max_bytes:
        raise SubmissionRejected(
            [f"the file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB"]
        )
    if not data.strip():
        raise SubmissionRejected(["the file is empty: start from sample_submission.csv"])
    if b"\x00" in data:
        raise SubmissionRejected(["this is a binary file, not a CSV text file"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionRejected(
            [f"this is not UTF-8 text (byte {exc.start + 1}); save the file as CSV, UTF-8"]
        ) from None


def parse_submission(
    data: bytes, competition: Competition, answers: Answers, *, max_problems: int = MAX_PROBLEMS
) -> NDArray[np.generic]:
    """The predictions in ``answers``' row order (labels, numbers, or one column per class),
    or SubmissionRejected listing what is wrong."""
    text = _text(data, competition.meta.limits.max_bytes)
    header, columns = competition.header, competition.columns
    metric, classes = competition.meta.metric, competition.spec.classes
    problems = _Problems(max_problems)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, [])
        cells = [c.strip() for c in first]
        if len(cells) == 1 and ";" in cells[0]:
            problems.add(
                "line 1: the cells are separated by ';'; separate them with commas "
                "(as in sample_submission.csv)"
            )
            problems.raise_if_any()
        if cells != list(header):
            shown = ",".join(c if _PLAIN.match(c) else "…" for c in cells[:6])
            problems.add(
                f"line 1: the header is {shown or 'empty'}; it must be {','.join(header)} "
                "(as in sample_submission.csv)"
            )
            problems.raise_if_any()
        position = {row_id: i for i, row_id in enumerate(answers.ids.tolist())}
        seen: dict[int, int] = {}  # answer row -> file line
        labels = np.empty(len(position), dtype=object)
        values = np.full((len(position), len(columns)), np.nan)
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            cells = [c.strip(" \t\r\n") for c in row]
            row_id, given = _id_text(cells[0]), cells[1:]
            index = position.get(row_id)
            if len(cells) != len(header) or any(_is_formula(c) for c in cells):
                if index is not None:  # the row is wrong, not missing
                    seen.setdefault(index, line)
                if len(cells) != len(header):
                    problems.add(
                        f"line {line}: {len(cells)} cells; a row has {len(header)} "
                        f"({','.join(header)})"
                    )
                else:
                    problems.add(
                        f"line {line}: a cell starts with =, +, - or @ and is not a number "
                        "(a spreadsheet formula); formulas are refused, write plain values"
                    )
                continue
            if not row_id:
                problems.add(f"line {line}: the id is empty")
                continue
            if index is None:
                problems.add(f"line {line}: id {_show(row_id)} is not an id of test.csv")
                continue
            if index in seen:
                problems.add(
                    f"line {line}: id {row_id} appears again (first on line {seen[index]})"
                )
                continue
            seen[index] = line
            if metric in LABEL_METRICS:
                label = given[0]
                if not label:
                    problems.add(f"line {line}: {columns[0]} is empty")
                elif label not in classes:
                    problems.add(
                        f"line {line}: {columns[0]} {_show(label)} is not a class; "
                        f"use one of {', '.join(classes)}"
                    )
                else:
                    labels[index] = label
                continue
            ok = True
            for place, (column, cell) in enumerate(zip(columns, given, strict=True)):
                value = _number_problem(cell, column, line, metric, problems)
                if value is None:
                    ok = False
                else:
                    values[index, place] = value
            if ok and len(columns) > 1 and abs(values[index].sum() - 1.0) > SUM_TOLERANCE:
                problems.add(
                    f"line {line}: the probabilities sum to {values[index].sum():.3g}; "
                    "a row's class probabilities sum to 1"
                )
    except csv.Error as exc:  # reading stops here: the rows after it are not "missing"
        problems.add(f"line {reader.line_num}: not a readable CSV row ({exc})")
        problems.raise_if_any()
    missing = len(position) - len(seen)
    if missing:
        absent = [i for i in range(len(position)) if i not in seen][:3]
        some = ", ".join(answers.ids[i] for i in absent)
        problems.add(
            f"{missing} id{'s' if missing != 1 else ''} of test.csv "
            f"{'have' if missing != 1 else 'has'} no row (for example {some})"
        )
    problems.raise_if_any()
    if metric in LABEL_METRICS:
        return labels
    return values[:, 0] if len(columns) == 1 else values


def _number_problem(
    cell: str, column: str, line: int, metric: str, problems: _Problems
) -> float | None:
    if not cell:
        problems.add(f"line {line}: {column} is empty")
        return None
    value = _number(cell)
    if value is None:
        problems.add(f"line {line}: {column} {_show(cell)} is not a number")
        return None
    if not math.isfinite(value):
        problems.add(f"line {line}: {column} is {cell.lower()}; every row needs a finite number")
        return None
    if metric in PROBABILITY_METRICS and not 0.0 <= value <= 1.0:
        problems.add(f"line {line}: {column} is {value:g}; a probability is between 0 and 1")
        return None
    return value


def score_predictions(
    competition: Competition, answers: Answers, predictions: NDArray[np.generic]
) -> tuple[float, float]:
    """(public, private) scores of predictions in ``answers``' row order."""
    public, private = answers.public, ~answers.public
    return _score(competition, answers, predictions, public), _score(
        competition, answers, predictions, private
    )


def score_all(
    competition: Competition, answers: Answers, predictions: NDArray[np.generic]
) -> float:
    """The score on every test row: what a competition records for its baseline and
    reference (it depends on the data, not on the split)."""
    return _score(competition, answers, predictions, np.ones(len(answers), dtype=bool))


def _score(
    competition: Competition,
    answers: Answers,
    predictions: NDArray[np.generic],
    rows: NDArray[np.bool_],
) -> float:
    groups = answers.groups[rows] if answers.groups is not None else None
    return score(
        competition.meta.metric,
        answers.target[rows],
        predictions[rows],
        classes=competition.spec.classes,
        groups=groups,
    )


def check_and_score(
    data: bytes, competition: Competition, answers: Answers, *, max_problems: int = MAX_PROBLEMS
) -> Scored:
    """Validate ``data`` (the file's bytes) and score it on the public and private shares.
    Raises SubmissionRejected with at most ``max_problems`` lines (and a count of the rest)."""
    predictions = parse_submission(data, competition, answers, max_problems=max_problems)
    public, private = score_predictions(competition, answers, predictions)
    return Scored(public, private, hashlib.sha256(data).hexdigest(), len(answers))
