"""The shipped mock-interview pack meets its targets, and a broken one is reported clearly."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.content.catalog import load_catalog
from bot.content.interviews import (
    INTERVIEW_TRACKS,
    RUBRIC_MAX,
    RUBRIC_MIN,
    InterviewPack,
    InterviewPrompt,
    ladder_keys,
    load_interviews,
)
from bot.content.yamlfile import ContentError
from bot.paths import content_dir

SHIPPED = content_dir()
MIN_PROMPTS = 60
MIN_PER_KEY = 5


@pytest.fixture(scope="module")
def pack() -> InterviewPack:
    return load_interviews(SHIPPED / "interviews.yaml")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SHIPPED, target)
    return target


def test_the_shipped_pack_meets_its_targets(pack: InterviewPack) -> None:
    assert len(pack.prompts) >= MIN_PROMPTS
    levels = Counter(p.level for p in pack.prompts)
    tracks: Counter[str] = Counter(p.track for p in pack.prompts)
    ladder = load_catalog(SHIPPED).ladder
    for key in ladder_keys(ladder):  # every ladder level and track key
        assert levels[key] >= MIN_PER_KEY, key
        assert len(pack.for_level(key)) == levels[key]
    assert set(levels) <= set(ladder_keys(ladder))
    for track in INTERVIEW_TRACKS:
        assert tracks[track] >= MIN_PER_KEY, track
    upper = {"senior-ml-engineer", "architect", "research", "product"}
    for level in upper:  # the upper rungs practise the behavioural interview too
        assert any(p.track == "behavioural" for p in pack.for_level(level)), level


def test_every_prompt_is_complete_and_unique(pack: InterviewPack) -> None:
    keys = [p.key for p in pack.prompts]
    assert len(keys) == len(set(keys))
    prompts = [" ".join(p.prompt.casefold().split()) for p in pack.prompts]
    assert len(prompts) == len(set(prompts))
    for prompt in pack.prompts:
        assert RUBRIC_MIN <= len(prompt.rubric) <= RUBRIC_MAX, prompt.key
        assert prompt.prompt and prompt.follow_up.endswith("?"), prompt.key
        assert all(point.strip() for point in prompt.rubric), prompt.key
    assert pack.by_key()[keys[0]] is pack.prompts[0]


def test_the_catalog_carries_the_pack_and_counts_it(copy: Path) -> None:
    catalog = load_catalog(copy)
    assert len(catalog.interviews.prompts) >= MIN_PROMPTS
    counts = catalog.stats()["interviews"]
    assert counts["prompts"] == len(catalog.interviews.prompts)
    assert list(counts["tracks"]) == list(INTERVIEW_TRACKS)
    assert list(counts["levels"]) == ladder_keys(catalog.ladder)  # in ladder order
    assert sum(counts["levels"].values()) == sum(counts["tracks"].values()) == counts["prompts"]
    runner = CliRunner()
    ok = runner.invoke(cli, ["content", "check", str(copy)])
    assert ok.exit_code == 0 and f"{counts['prompts']} interview prompts" in ok.output
    stats = json.loads(runner.invoke(cli, ["content", "stats", str(copy), "--json"]).output)
    assert stats["interviews"] == counts
    table = runner.invoke(cli, ["content", "stats", str(copy)]).output.splitlines()
    assert f"Interviews  {counts['prompts']} prompts" in table
    research = next(line for line in table if line.startswith("research "))
    assert research.split() == ["research", str(counts["levels"]["research"])]


BROKEN = """\
prompts:
  - key: first-prompt
    track: fundamentals
    level: aspiring-learner
    prompt: Explain what a train/test split is for.
    rubric:
      - The test set estimates performance on unseen data.
      - Tuning on the test set leaks it into training.
      - Stratify by class when classes are imbalanced.
    follow_up: How would you split data with repeated customers?
  - key: second-prompt
    track: fundamentals
    level: astronaut
    prompt: Explain the bias-variance trade-off.
    rubric:
      - Bias comes from a model too simple for the data.
      - Variance comes from sensitivity to the training sample.
    follow_up: Why does bagging reduce variance?
  - key: first-prompt
    track: coding
    level: research
    prompt: "   "
    rubric:
      - Computes scores as Q times K transposed over sqrt(d).
      - Uses a numerically stable softmax over the last axis.
      - Returns the weights times V.
    follow_up: How would you add several heads?
"""


def _line_of(path: Path, text: str, nth: int = 1) -> int:
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return found[nth - 1]


def test_a_broken_pack_gives_clear_problems_through_content_check(copy: Path) -> None:
    path = copy / "interviews.yaml"
    path.write_text(BROKEN)
    result = CliRunner().invoke(cli, ["content", "check", str(copy)])
    assert result.exit_code == 1
    # schema problems (a 2-point rubric, a blank prompt) come first, all of them together
    rubric, blank = _line_of(path, "rubric:", 2), _line_of(path, 'prompt: "   "')
    assert f"interviews.yaml:{rubric}: prompts[1].rubric: needs at least 3 items" in result.output
    assert (
        f"interviews.yaml:{blank}: prompts[2].prompt: needs at least 20 characters" in result.output
    )
    assert "2 problem(s)" in result.output
    # with those fixed, the cross-checks report the unknown level and the duplicate key
    third = "      - Noise cannot be removed by any model.\n      - Variance comes"
    path.write_text(
        BROKEN.replace("      - Variance comes", third).replace(
            'prompt: "   "', "prompt: Implement scaled dot-product attention in NumPy."
        )
    )
    result = CliRunner().invoke(cli, ["content", "check", str(copy)])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("interviews.yaml:")]
    assert problems == [
        f"interviews.yaml:{_line_of(path, 'level: astronaut')}: prompts[1].level: prompt "
        "second-prompt names unknown level astronaut; the ladder's levels and tracks are: "
        "aspiring-learner, foundations-learner, data-practitioner, ml-practitioner, "
        "junior-ml-engineer, ml-engineer, senior-ml-engineer, architect, research, product",
        f"interviews.yaml:{_line_of(path, 'key: first-prompt', 2)}: prompts[2].key: "
        "duplicate key first-prompt",
    ]


def test_the_loader_refuses_what_the_schema_forbids(tmp_path: Path) -> None:
    path = tmp_path / "interviews.yaml"
    extra = "    hint: x\n    follow_up: Why does bagging"
    path.write_text(BROKEN.replace("    follow_up: Why does bagging", extra))
    with pytest.raises(ContentError) as caught:
        load_interviews(path, level_keys=["aspiring-learner", "research"])
    messages = [str(p) for p in caught.value.problems]
    assert any(re.search(r"prompts\[1\]\.hint: is not a field mlpath knows", m) for m in messages)
    with pytest.raises(ContentError) as missing:
        load_interviews(tmp_path / "nowhere.yaml")
    assert "file is missing" in str(missing.value)


def test_a_missing_pack_is_a_content_problem(copy: Path) -> None:
    (copy / "interviews.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    assert [str(p) for p in caught.value.problems] == ["interviews.yaml:1: file is missing"]


def test_a_prompt_is_strict() -> None:
    base = {
        "key": "k",
        "track": "mlops",
        "level": "ml-engineer",
        "prompt": "Explain what training/serving skew is.",
        "rubric": ["One definition point.", "Another point here.", "A third point here."],
        "follow_up": "How is it different from drift?",
    }
    assert InterviewPrompt.model_validate(base).track == "mlops"
    for bad in (
        {"track": "statistics"},
        {"rubric": [*base["rubric"], *base["rubric"][:1]]},  # a point twice
        {"rubric": [f"Point number {i}." for i in range(7)]},
        {"follow_up": "How is it different from drift."},
    ):
        with pytest.raises(ValueError):
            InterviewPrompt.model_validate({**base, **bad})
