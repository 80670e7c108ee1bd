"""Load, cross-check and summarise a content directory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.competitions.content import CompetitionPack, load_competitions
from bot.content.interviews import INTERVIEWS_FILE, InterviewPack, ladder_keys, read_interviews
from bot.content.schema import (
    DIFFICULTY_NAMES,
    SENIOR,
    Ladder,
    Question,
    QuizFile,
    Roadmap,
)
from bot.content.yamlfile import ContentError, ContentProblem, YamlDoc, read_yaml, validate
from bot.exercises.content import ExercisePack, load_exercises

MIN_QUESTIONS_PER_ROADMAP_TOPIC = 20
MIN_QUESTIONS_PER_SENIOR_TOPIC = 25
REGULAR_DIFFICULTIES = frozenset({1, 2, 3})
MAX_ANSWER_POSITION_SHARE = 0.35
# Position balance only means something for a bank of some size.
BALANCE_MIN_QUESTIONS = 40


@dataclass(frozen=True)
class Topic:
    key: str
    name: str
    questions: tuple[Question, ...]

    @property
    def senior(self) -> bool:
        """A senior topic: every question is difficulty 4 (docs/content.md)."""
        return all(q.difficulty == SENIOR for q in self.questions)


@dataclass(frozen=True)
class Catalog:
    roadmap: Roadmap
    ladder: Ladder
    topics: dict[str, Topic]
    questions: dict[str, Question] = field(default_factory=dict)
    topic_of: dict[str, str] = field(default_factory=dict)
    interviews: InterviewPack = field(default_factory=InterviewPack)
    exercises: ExercisePack = field(default_factory=ExercisePack)
    competitions: CompetitionPack = field(default_factory=CompetitionPack)

    def stats(self) -> dict[str, Any]:
        all_questions = list(self.questions.values())
        return {
            "roadmap_days": len(self.roadmap.days),
            "steps": len(self.roadmap.steps),
            "questions": len(all_questions),
            "topics": {key: len(topic.questions) for key, topic in sorted(self.topics.items())},
            "difficulty": {
                str(d): sum(q.difficulty == d for q in all_questions) for d in DIFFICULTY_NAMES
            },
            "answer_positions": {
                str(p): sum(q.answer == p for q in all_questions) for p in range(1, 6)
            },
            "levels": len(self.ladder.levels),
            "tracks": len(self.ladder.tracks),
            "interviews": self.interviews.stats(ladder_keys(self.ladder)),
            "exercises": self.exercises.stats(),
            "competitions": self.competitions.stats(),
        }


def _collect(problems: list[ContentProblem], fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None


def _load(path: Path, base: Path, model: Any, problems: list[ContentProblem]) -> tuple[Any, Any]:
    if not path.is_file():
        problems.append(ContentProblem(str(path.relative_to(base)), 1, "", "file is missing"))
        return None, None
    doc = _collect(problems, read_yaml, path, base)
    if doc is None:
        return None, None
    return doc, _collect(problems, validate, doc, model)


def load_catalog(directory: Path) -> Catalog:
    """Load everything under ``directory``; raise ContentError listing every problem."""
    problems: list[ContentProblem] = []
    if not directory.is_dir():
        raise ContentError([ContentProblem(str(directory), 1, "", "content directory not found")])
    road_doc, roadmap = _load(directory / "roadmap.yaml", directory, Roadmap, problems)
    ladder_doc, ladder = _load(directory / "ladder.yaml", directory, Ladder, problems)
    quiz_files: list[tuple[YamlDoc, QuizFile]] = []
    quiz_paths = sorted((directory / "quizzes").glob("*.yaml"))
    if not quiz_paths:
        problems.append(ContentProblem("quizzes/", 1, "", "no quiz files (quizzes/*.yaml)"))
    for path in quiz_paths:
        doc, quiz = _load(path, directory, QuizFile, problems)
        if quiz is not None:
            quiz_files.append((doc, quiz))
    topics, questions, topic_of = _check_bank(quiz_files, problems)
    if roadmap is not None and road_doc is not None:
        _check_roadmap_topics(road_doc, roadmap, topics, problems)
    if ladder is not None and ladder_doc is not None:
        _check_ladder_topics(ladder_doc, ladder, topics, problems)
    interviews = _load_interviews(directory, ladder, problems)
    exercises = load_exercises(
        directory,
        problems,
        topics=topics if quiz_files else None,
        days_of_step=_days_of_step(roadmap) if roadmap is not None else None,
    )
    competitions = load_competitions(directory, problems)
    if problems:
        raise ContentError(problems)
    return Catalog(
        roadmap, ladder, topics, questions, topic_of, interviews, exercises, competitions
    )


def _days_of_step(roadmap: Roadmap) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for day in roadmap.days:
        out.setdefault(day.step, set()).add(day.day)
    return out


def _load_interviews(
    directory: Path, ladder: Ladder | None, problems: list[ContentProblem]
) -> InterviewPack:
    """The interview pack, its level keys checked against the ladder (when that loaded)."""
    path = directory / INTERVIEWS_FILE
    if not path.is_file():
        problems.append(ContentProblem(INTERVIEWS_FILE, 1, "", "file is missing"))
        return InterviewPack()
    keys = ladder_keys(ladder) if ladder is not None else None
    loaded = _collect(problems, read_interviews, path, directory, keys)
    return loaded[1] if loaded is not None else InterviewPack()


def normalised_stem(text: str) -> str:
    """Stems compared case- and whitespace-blind: the bank holds no question twice."""
    return " ".join(text.casefold().split())


def _check_bank(
    files: list[tuple[YamlDoc, QuizFile]], problems: list[ContentProblem]
) -> tuple[dict[str, Topic], dict[str, Question], dict[str, str]]:
    topics: dict[str, Topic] = {}
    questions: dict[str, Question] = {}
    topic_of: dict[str, str] = {}
    stems: dict[str, str] = {}
    for doc, quiz in files:
        if quiz.topic in topics:
            problems.append(doc.problem(("topic",), f"topic {quiz.topic} is defined twice"))
        topics[quiz.topic] = Topic(quiz.topic, quiz.name, tuple(quiz.questions))
        _check_difficulties(doc, topics[quiz.topic], problems)
        for index, question in enumerate(quiz.questions):
            loc = ("questions", index)
            if question.id in questions:
                problems.append(doc.problem((*loc, "id"), f"duplicate question id {question.id}"))
            stem = normalised_stem(question.stem)
            if stem in stems:
                problems.append(doc.problem((*loc, "stem"), f"same stem as question {stems[stem]}"))
            stems.setdefault(stem, question.id)
            questions[question.id] = question
            topic_of[question.id] = quiz.topic
    if len(questions) >= BALANCE_MIN_QUESTIONS:
        counts = Counter(q.answer for q in questions.values())
        for position, count in sorted(counts.items()):
            share = count / len(questions)
            if share > MAX_ANSWER_POSITION_SHARE:
                problems.append(
                    ContentProblem(
                        "quizzes/",
                        1,
                        "answer",
                        f"{share:.0%} of correct answers are at position {position}; "
                        f"keep each position at or below {MAX_ANSWER_POSITION_SHARE:.0%}",
                    )
                )
    return topics, questions, topic_of


def _check_difficulties(doc: YamlDoc, topic: Topic, problems: list[ContentProblem]) -> None:
    """A regular topic has difficulties 1, 2 and 3 (and may add 4); a senior topic has only
    difficulty 4 and enough questions to practise on."""
    if topic.senior:
        if len(topic.questions) < MIN_QUESTIONS_PER_SENIOR_TOPIC:
            problems.append(
                doc.problem(
                    ("questions",),
                    f"senior topic {topic.key} (all difficulty {SENIOR}) has "
                    f"{len(topic.questions)} questions; it needs at least "
                    f"{MIN_QUESTIONS_PER_SENIOR_TOPIC}",
                )
            )
        return
    missing = sorted(REGULAR_DIFFICULTIES - {q.difficulty for q in topic.questions})
    if missing:
        problems.append(
            doc.problem(
                ("questions",),
                f"topic {topic.key} has no questions of difficulty "
                f"{', '.join(map(str, missing))}; a topic has difficulties 1, 2 and 3 (and may "
                f"add {SENIOR}), or only difficulty {SENIOR} (a senior topic)",
            )
        )


def _check_roadmap_topics(
    doc: YamlDoc, roadmap: Roadmap, topics: dict[str, Topic], problems: list[ContentProblem]
) -> None:
    for index, day in enumerate(roadmap.days):
        for t_index, key in enumerate(day.topics):
            loc = ("days", index, "topics", t_index)
            if key not in topics:
                problems.append(doc.problem(loc, f"day {day.day} names unknown quiz topic {key}"))
            elif len(topics[key].questions) < MIN_QUESTIONS_PER_ROADMAP_TOPIC:
                problems.append(
                    doc.problem(
                        loc,
                        f"topic {key} has {len(topics[key].questions)} questions; a roadmap "
                        f"topic needs at least {MIN_QUESTIONS_PER_ROADMAP_TOPIC}",
                    )
                )


def _check_ladder_topics(
    doc: YamlDoc, ladder: Ladder, topics: dict[str, Topic], problems: list[ContentProblem]
) -> None:
    """Topics a level requires exist, and each level requires those of the level below it
    (what a level asks for only grows). A track stands on the top level, whose topics are
    required along with the track's own, so a track names only what it adds."""
    for part in ("levels", "tracks"):
        below: list[str] = []
        for index, level in enumerate(getattr(ladder, part)):
            loc = (part, index, "evidence", "topics")
            for t_index, key in enumerate(level.evidence.topics):
                if key not in topics:
                    problems.append(
                        doc.problem((*loc, t_index), f"{level.key} names unknown quiz topic {key}")
                    )
            dropped = [key for key in below if key not in level.evidence.topics]
            if dropped:
                problems.append(
                    doc.problem(
                        loc,
                        f"{level.key} must also require the topics of the level below it: "
                        f"{', '.join(dropped)}",
                    )
                )
            if part == "levels":
                below = level.evidence.topics
