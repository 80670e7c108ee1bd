"""The shipped content validates, and the rules that keep it worth learning from hold."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.content.catalog import Catalog, load_catalog
from bot.content.schema import ALLOWED_DOC_HOSTS
from bot.content.yamlfile import ContentError
from bot.paths import content_dir

SHIPPED = content_dir()


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(SHIPPED)


def test_shipped_content_meets_the_curriculum_targets(shipped: Catalog) -> None:
    stats = shipped.stats()
    assert stats["roadmap_days"] >= 84 and stats["steps"] == 7
    assert stats["questions"] >= 400
    assert len(stats["topics"]) >= 14
    assert min(stats["topics"].values()) >= 20
    for topic in shipped.topics.values():  # regular (1, 2 and 3) or senior (only 4)
        difficulties = {q.difficulty for q in topic.questions}
        assert difficulties == ({4} if topic.senior else {1, 2, 3}), topic.key
    senior = {t.key: len(t.questions) for t in shipped.topics.values() if t.senior}
    assert set(senior) >= {"ml-system-design", "ml-architecture", "research-methods", "ai-product"}
    assert min(senior.values()) >= 25 and stats["difficulty"]["4"] >= 100
    assert all(q.step in (6, 7) for t in senior for q in shipped.topics[t].questions)


def test_every_roadmap_step_has_days_and_weekends_are_project_days(shipped: Catalog) -> None:
    days = shipped.roadmap.days
    assert {d.step for d in days} == set(range(1, 8))
    for day in days:
        assert (day.kind == "project") == (day.day % 7 in (6, 0)), day.day


def test_every_question_is_tagged_with_a_roadmap_step(shipped: Catalog) -> None:
    assert all(1 <= q.step <= 7 for q in shipped.questions.values())


def test_ids_and_stems_are_unique(shipped: Catalog) -> None:
    ids = [q.id for t in shipped.topics.values() for q in t.questions]
    assert len(ids) == len(set(ids))
    stems = [" ".join(q.stem.casefold().split()) for q in shipped.questions.values()]
    assert len(stems) == len(set(stems))


def test_answer_positions_are_balanced(shipped: Catalog) -> None:
    counts = Counter(q.answer for q in shipped.questions.values())
    assert max(counts.values()) / len(shipped.questions) <= 0.35
    for topic in shipped.topics.values():  # no topic teaches "it's always B"
        per_topic = Counter(q.answer for q in topic.questions)
        assert max(per_topic.values()) <= len(topic.questions) // 2, topic.key


def test_no_catch_all_choices_and_choices_of_similar_length(shipped: Catalog) -> None:
    banned = re.compile(r"\b(all|none|both) of (the )?(above|these)\b", re.I)
    for q in shipped.questions.values():
        assert not any(banned.search(c) for c in q.choices), q.id
        lengths = [len(c) for c in q.choices]
        assert max(lengths) <= 2.5 * min(lengths) + 12, q.id


def test_explanations_never_point_at_a_position(shipped: Catalog) -> None:
    positional = re.compile(
        r"\b(option|choice) [a-e1-5]\b|\b(first|second|third|fourth|last) (option|choice)\b", re.I
    )
    for q in shipped.questions.values():
        assert not positional.search(q.explanation), q.id


def test_resources_only_link_official_documentation(shipped: Catalog) -> None:
    urls = [r.url for d in shipped.roadmap.days for r in d.resources]
    assert urls, "some days carry resources"
    for url in urls:
        parsed = urlparse(url)
        assert parsed.scheme == "https" and parsed.hostname in ALLOWED_DOC_HOSTS, url


def test_every_roadmap_topic_has_enough_questions(shipped: Catalog) -> None:
    for day in shipped.roadmap.days:
        for key in day.topics:
            assert len(shipped.topics[key].questions) >= 20, (day.day, key)


def test_ladder_climbs_to_senior_then_three_tracks(shipped: Catalog) -> None:
    keys = [level.key for level in shipped.ladder.levels]
    assert keys[0] == "aspiring-learner"
    assert keys[-3:] == ["junior-ml-engineer", "ml-engineer", "senior-ml-engineer"]
    assert {t.key for t in shipped.ladder.tracks} == {"architect", "research", "product"}
    assert shipped.ladder.milestones.streaks == [7, 30, 100, 365]


# --- bad content gives clear file:line errors -------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SHIPPED, target)
    return target


def test_a_malformed_question_names_file_line_and_field(copy: Path) -> None:
    path = copy / "quizzes" / "numpy.yaml"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("    answer:"))
    lines[index] = "    answer: 9"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    problem = caught.value.problems[0]
    assert problem.file == "quizzes/numpy.yaml"
    assert (problem.line, problem.where) == (index + 1, "questions[0].answer")
    assert str(problem).startswith(f"quizzes/numpy.yaml:{index + 1}: questions[0].answer:")


def _set_first(path: Path, field: str, value: str) -> int:
    """Set the first question's ``field`` in a quiz file; return its 1-based line."""
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"    {field}:"))
    lines[index] = f"    {field}: {value}"
    path.write_text("\n".join(lines) + "\n")
    return index + 1


def test_a_regular_topic_may_add_a_senior_question(copy: Path) -> None:
    _set_first(copy / "quizzes" / "numpy.yaml", "difficulty", "4")
    numpy = load_catalog(copy).topics["numpy"]
    assert not numpy.senior and numpy.questions[0].difficulty == 4


def test_difficulty_five_names_file_line_and_field(copy: Path) -> None:
    line = _set_first(copy / "quizzes" / "numpy.yaml", "difficulty", "5")
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    assert str(caught.value.problems[0]) == (
        f"quizzes/numpy.yaml:{line}: questions[0].difficulty: must be 1, 2, 3 or 4"
    )


def _keep_questions(path: Path, count: int) -> None:
    data = yaml.safe_load(path.read_text())
    data["questions"] = data["questions"][:count]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def test_a_senior_topic_needs_twenty_five_questions(copy: Path) -> None:
    _keep_questions(copy / "quizzes" / "ml-architecture.yaml", 25)
    assert len(load_catalog(copy).topics["ml-architecture"].questions) == 25
    _keep_questions(copy / "quizzes" / "ml-architecture.yaml", 24)
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    assert [str(p) for p in caught.value.problems] == [
        "quizzes/ml-architecture.yaml:3: questions: senior topic ml-architecture "
        "(all difficulty 4) has 24 questions; it needs at least 25"
    ]


def test_a_topic_is_regular_or_senior_not_in_between(copy: Path) -> None:
    path = copy / "quizzes" / "sql.yaml"
    path.write_text(path.read_text().replace("difficulty: 3", "difficulty: 4"))
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    assert [str(p) for p in caught.value.problems] == [
        "quizzes/sql.yaml:3: questions: topic sql has no questions of difficulty 3; a topic has "
        "difficulties 1, 2 and 3 (and may add 4), or only difficulty 4 (a senior topic)"
    ]


def test_broken_yaml_and_unknown_topics_are_reported(copy: Path) -> None:
    (copy / "quizzes" / "broken.yaml").write_text("topic: broken\nquestions: [\n")
    road = copy / "roadmap.yaml"
    road.write_text(road.read_text().replace("topics: [linear-algebra", "topics: [astrology", 1))
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("quizzes/broken.yaml:") and "not valid YAML" in m for m in messages)
    assert any("roadmap.yaml:" in m and "unknown quiz topic astrology" in m for m in messages)


def test_invented_urls_are_refused(copy: Path) -> None:
    road = copy / "roadmap.yaml"
    text = road.read_text()
    road.write_text(
        re.sub(r"https://numpy\.org/\S+", "https://numpy-tutorials.example.com/x", text, count=1)
    )
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    assert any("allow-list" in str(p) for p in caught.value.problems)


def test_cli_check_and_stats(copy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["content", "check", str(copy)])
    assert ok.exit_code == 0 and "questions in 23 topics" in ok.output
    stats = json.loads(runner.invoke(cli, ["content", "stats", str(copy), "--json"]).output)
    assert set(stats) >= {
        "roadmap_days",
        "steps",
        "questions",
        "topics",
        "difficulty",
        "answer_positions",
    }
    assert sum(stats["answer_positions"].values()) == stats["questions"]
    assert list(stats["difficulty"]) == ["1", "2", "3", "4"] and stats["difficulty"]["4"] >= 100
    assert sum(stats["difficulty"].values()) == stats["questions"]
    table = runner.invoke(cli, ["content", "stats", str(copy)]).output.splitlines()
    assert table[:3] == [
        f"Roadmap     {stats['roadmap_days']} days in {stats['steps']} steps",
        f"Ladder      {stats['levels']} levels, {stats['tracks']} tracks",
        f"Questions   {stats['questions']} in {len(stats['topics'])} topics",
    ]
    d = stats["difficulty"]
    assert f"Difficulty  easy {d['1']} · medium {d['2']} · hard {d['3']} · senior {d['4']}" in table
    numpy_row = next(line for line in table if line.startswith("numpy "))
    assert numpy_row.split() == ["numpy", str(stats["topics"]["numpy"])]
    (copy / "ladder.yaml").write_text("levels: []\n")
    bad = runner.invoke(cli, ["content", "check", str(copy)])
    assert bad.exit_code == 1 and "ladder.yaml:1" in bad.output


# --- topics the upper ladder levels require ---------------------------------------------------


def test_the_upper_levels_name_senior_topics(shipped: Catalog) -> None:
    named = {
        rung.key: rung.evidence.topics for rung in [*shipped.ladder.levels, *shipped.ladder.tracks]
    }
    assert named["senior-ml-engineer"] == ["ml-system-design", "ml-leadership"]
    assert named["architect"] == ["ml-architecture", "ml-system-design"]
    assert named["research"] == ["research-methods"] and named["product"] == ["ai-product"]
    assert all(not named[level.key] for level in shipped.ladder.levels[:-1])
    assert all(shipped.topics[t].senior for topics in named.values() for t in topics)


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_an_unknown_ladder_topic_names_file_and_line(copy: Path) -> None:
    ladder = copy / "ladder.yaml"
    ladder.write_text(ladder.read_text().replace("[ml-architecture, ", "[ml-archtecture, "))
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    line = _line_of(ladder, "ml-archtecture")
    assert [str(p) for p in caught.value.problems] == [
        f"ladder.yaml:{line}: tracks[0].evidence.topics[0]: architect names unknown quiz topic "
        "ml-archtecture"
    ]


def test_a_level_requires_the_topics_of_the_level_below(copy: Path) -> None:
    ladder = copy / "ladder.yaml"
    text = ladder.read_text()
    below = "{shipped_projects: 5, mastered_topics: 8, longest_streak: 30, exercises: 20}"
    # ML Engineer may require a topic that Senior requires too …
    ladder.write_text(text.replace(below, below[:-1] + ", topics: [ml-leadership]}"))
    engineer = load_catalog(copy).ladder.levels[-2]
    assert engineer.key == "ml-engineer" and engineer.evidence.topics == ["ml-leadership"]
    # … but Senior may not drop one that ML Engineer requires
    ladder.write_text(text.replace(below, below[:-1] + ", topics: [numpy, ml-leadership]}"))
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    line = _line_of(ladder, "topics: [ml-system-design, ml-leadership]")
    assert [str(p) for p in caught.value.problems] == [
        f"ladder.yaml:{line}: levels[6].evidence.topics: senior-ml-engineer must also require "
        "the topics of the level below it: numpy"
    ]


def test_a_ladder_topic_named_twice_is_refused(copy: Path) -> None:
    ladder = copy / "ladder.yaml"
    ladder.write_text(ladder.read_text().replace("[ai-product]", "[ai-product, ai-product]"))
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    line = _line_of(ladder, "[ai-product, ai-product]")
    assert [str(p) for p in caught.value.problems] == [
        f"ladder.yaml:{line}: tracks[2].evidence.topics: name each topic once"
    ]
