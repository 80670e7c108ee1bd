"""A submitted CSV: each malformed file gets one clear line per problem; a valid one is scored."""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pytest

from bot.competitions.content import Competition
from bot.competitions.datasets import Dataset
from bot.competitions.scoring import (
    MAX_PROBLEMS,
    Scored,
    SubmissionRejected,
    check_and_score,
    parse_submission,
)
from tests.competitions.support import shipped, shipped_dataset


def _churn() -> tuple[Competition, Dataset]:
    return shipped("churn"), shipped_dataset("churn")


def _perfect_rows(data: Dataset) -> list[str]:
    return [
        f"{i},{float(t == '1')}" for i, t in zip(data.answers.ids, data.answers.target, strict=True)
    ]


def _csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _problems(data_bytes: bytes, competition_id: str = "churn") -> tuple[str, ...]:
    competition, data = shipped(competition_id), shipped_dataset(competition_id)
    with pytest.raises(SubmissionRejected) as caught:
        check_and_score(data_bytes, competition, data.answers)
    problems = caught.value.problems
    assert all("\n" not in line and line for line in problems), problems
    return problems


def test_a_perfect_submission_scores_one_and_returns_only_scores_and_a_hash() -> None:
    competition, data = _churn()
    body = _csv("id,churned", _perfect_rows(data))
    result = check_and_score(body, competition, data.answers)
    assert result == Scored(1.0, 1.0, hashlib.sha256(body).hexdigest(), len(data.test))


def test_bom_crlf_spaces_any_row_order_and_blank_lines_are_accepted() -> None:
    competition, data = _churn()
    rows = list(reversed(_perfect_rows(data)))
    body = "\ufeff id , churned \r\n" + "\r\n".join(f" {r.replace(',', ' , ')} " for r in rows)
    result = check_and_score((body + "\r\n\r\n").encode(), competition, data.answers)
    assert (result.public, result.private) == (1.0, 1.0)


def test_missing_ids_are_one_line_with_examples() -> None:
    competition, data = _churn()
    rows = _perfect_rows(data)
    (line,) = _problems(_csv("id,churned", rows[3:]))
    first = ", ".join(data.answers.ids[:3])
    assert line == f"3 ids of test.csv have no row (for example {first})"


def test_a_duplicate_id_names_both_lines() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    rows.insert(5, rows[0])
    (line,) = _problems(_csv("id,churned", rows))
    row_id = rows[0].split(",")[0]
    assert line == f"line 7: id {row_id} appears again (first on line 2)"


def test_an_unknown_id_and_an_empty_id() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    problems = _problems(_csv("id,churned", [*rows, "42,0.5", ",0.5"]))
    n = len(rows)
    assert problems == (
        f"line {n + 2}: id '42' is not an id of test.csv",
        f"line {n + 3}: the id is empty",
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("nan", "churned is nan; every row needs a finite number"),
        ("NaN", "churned is nan; every row needs a finite number"),
        ("inf", "churned is inf; every row needs a finite number"),
        ("", "churned is empty"),
        ("maybe", "churned 'maybe' is not a number"),
        ("1.5", "churned is 1.5; a probability is between 0 and 1"),
        ("-0.2", "churned is -0.2; a probability is between 0 and 1"),
    ],
)
def test_a_bad_value_is_one_line_with_its_line_number(cell: str, message: str) -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    rows[9] = rows[9].split(",")[0] + "," + cell
    assert _problems(_csv("id,churned", rows)) == (f"line 11: {message}",)


def test_a_wrong_header_is_named_and_nothing_else_is_checked() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    assert _problems(_csv("id,prediction", rows)) == (
        "line 1: the header is id,prediction; it must be id,churned (as in sample_submission.csv)",
    )
    assert _problems(_csv("churned,id", rows))[0].startswith("line 1: the header is churned,id")


def test_semicolons_are_named_and_float_ids_are_read_as_ids() -> None:
    competition, data = _churn()
    rows = _perfect_rows(data)
    assert _problems(_csv("id;churned", [r.replace(",", ";") for r in rows])) == (
        "line 1: the cells are separated by ';'; separate them with commas "
        "(as in sample_submission.csv)",
    )
    floats = [r.replace(",", ".0,", 1) for r in rows]  # ids written by pandas as floats
    assert check_and_score(_csv("id,churned", floats), competition, data.answers).public == 1.0


def test_a_huge_cell_is_one_line() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    huge = _problems(_csv("id,churned", [*rows[:2], "1," + "9" * 200_000, *rows[2:]]))
    assert len(huge) == 1
    assert huge[0].startswith("line 4: not a readable CSV row (field larger than field limit")


def test_a_row_with_the_wrong_number_of_cells() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    rows[0] += ",1"
    assert _problems(_csv("id,churned", rows)) == ("line 2: 3 cells; a row has 2 (id,churned)",)


def test_a_label_outside_the_label_set() -> None:
    data = shipped_dataset("review-sentiment")
    rows = [f"{i},{t}" for i, t in zip(data.answers.ids, data.answers.target, strict=True)]
    rows[2] = rows[2].split(",")[0] + ",happy"
    assert _problems(_csv("id,sentiment", rows), "review-sentiment") == (
        "line 4: sentiment 'happy' is not a class; use one of negative, neutral, positive",
    )


def test_class_probabilities_must_sum_to_one() -> None:
    data = shipped_dataset("noisy-digits")
    header = "id," + ",".join(f"digit_{d}" for d in range(10))
    rows = [f"{i}," + ",".join(["0.1"] * 10) for i in data.answers.ids]
    rows[0] = f"{data.answers.ids[0]}," + ",".join(["0.05"] * 10)
    assert _problems(_csv(header, rows), "noisy-digits") == (
        "line 2: the probabilities sum to 0.5; a row's class probabilities sum to 1",
    )


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    body = b"id,churned\n" + b"1,0.5\n" * (6 * 1024 * 1024 // 6)
    assert _problems(body) == ("the file is 6.0 MB; the limit is 5 MB",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a binary file, not a CSV text file"),
        (
            b"id,churned\n100001,0.5\xe9\n",
            "this is not UTF-8 text (byte 22); save the file as CSV, UTF-8",
        ),
        (b"", "the file is empty: start from sample_submission.csv"),
        (b"\n\n  \n", "the file is empty: start from sample_submission.csv"),
    ],
)
def test_binary_non_utf8_and_empty_files(body: bytes, message: str) -> None:
    assert _problems(body) == (message,)


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+cmd", "-2+3", "=1"])
def test_csv_injection_is_refused_and_never_echoed(cell: str) -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    rows[1] = rows[1].split(",")[0] + "," + cell
    (line,) = _problems(_csv("id,churned", rows))
    assert line == (
        "line 3: a cell starts with =, +, - or @ and is not a number (a spreadsheet formula); "
        "formulas are refused, write plain values"
    )
    rows = _perfect_rows(shipped_dataset("churn"))
    (line,) = _problems(_csv("id,churned", [f"{cell},0.5", *rows]))
    assert "formula" in line and cell not in line


def test_signed_numbers_are_numbers_not_formulas() -> None:
    competition, data = shipped("house-prices"), shipped_dataset("house-prices")
    rows = [f"{i},{'-5.5' if n % 2 else '+300'}" for n, i in enumerate(data.answers.ids)]
    result = check_and_score(_csv("id,price", rows), competition, data.answers)
    assert result.public > 0 and result.private > 0


def test_cells_are_never_echoed_unless_short_and_plain() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    hostile = ["<@&123> hi,0.5", "https://evil.example/x,0.5", "x" * 40 + ",0.5", "`a`,0.5"]
    problems = _problems(_csv("id,churned", [*rows, *hostile]))
    assert len(problems) == 4
    for line, cell in zip(problems, hostile, strict=True):
        assert cell.split(",")[0] not in line and "is not an id of test.csv" in line
        assert "a value" in line


def test_at_most_max_problems_lines_then_a_count() -> None:
    rows = _perfect_rows(shipped_dataset("churn"))
    for i in range(30):
        rows[i] = rows[i].split(",")[0] + ",2"
    problems = _problems(_csv("id,churned", rows))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == "… and 20 more problems"
    assert problems[0] == "line 2: churned is 2; a probability is between 0 and 1"


def test_a_file_near_the_limit_is_parsed_quickly() -> None:
    """Callers run the parse in a thread; it must still be quick (well under a second here)."""
    competition, data = _churn()
    rows = _perfect_rows(data)
    filler = [f"{900000 + n},0.5" for n in range(300_000)]
    body = _csv("id,churned", rows + filler)[: 5 * 1024 * 1024]
    body = body[: body.rfind(b"\n") + 1]
    started = time.perf_counter()
    with pytest.raises(SubmissionRejected) as caught:
        parse_submission(body, competition, data.answers)
    assert time.perf_counter() - started < 3.0
    assert caught.value.problems[-1].startswith("… and ")


def test_predictions_come_back_in_answer_order() -> None:
    competition, data = _churn()
    rows = _perfect_rows(data)
    got = parse_submission(_csv("id,churned", rows[::-1]), competition, data.answers)
    expected = (data.answers.target == "1").astype(float)
    assert np.array_equal(got, expected)
