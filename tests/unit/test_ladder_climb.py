"""The career ladder's pure rules (SPEC §5): levels need XP and evidence, in order; the upper
levels need named topics mastered; the chosen track comes after the top; more progress never
lowers a level."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.content.catalog import load_catalog
from bot.content.schema import Level
from bot.domain.ladder import (
    Progress,
    assuming_topics,
    climb,
    current_level,
    meets,
    missing,
    needs_topics,
)
from bot.paths import content_dir


@dataclass(frozen=True)
class Need:
    shipped_projects: int = 0
    mastered_topics: int = 0
    longest_streak: int = 0
    topics: tuple[str, ...] = ()
    exercises: int = 0  # hands-on exercises passed (issue 16)


@dataclass(frozen=True)
class Rung:
    key: str
    name: str
    xp: int
    evidence: Need = Need()


def keys(levels: tuple[Level, ...] | tuple[Rung, ...]) -> list[str]:
    return [level.key for level in levels]


LADDER = load_catalog(Path(content_dir())).ladder
ORDER = [*LADDER.levels, *LADDER.tracks]
TRACK_KEYS = [t.key for t in LADDER.tracks]


def test_the_shipped_ladder_is_the_one_these_tests_assume() -> None:
    assert keys(tuple(LADDER.levels)) == [
        "aspiring-learner",
        "foundations-learner",
        "data-practitioner",
        "ml-practitioner",
        "junior-ml-engineer",
        "ml-engineer",
        "senior-ml-engineer",
    ]
    assert TRACK_KEYS == ["architect", "research", "product"]


def test_levels_count_only_in_order() -> None:
    # the third rung is met (no streak needed) but the second is not: the member stays first
    rungs = (
        Rung("one", "One", 0),
        Rung("two", "Two", 100, Need(longest_streak=5)),
        Rung("three", "Three", 200),
    )
    position = climb(rungs, (), None, Progress(xp=500, longest_streak=4))
    assert meets(rungs[2], Progress(xp=500, longest_streak=4))
    assert position.level is rungs[0] and position.next is rungs[1]
    assert keys(position.reached) == ["one"] and not position.choosing_track
    position = climb(rungs, (), None, Progress(xp=500, longest_streak=5))
    assert position.level is rungs[2] and keys(position.reached) == ["one", "two", "three"]
    assert current_level(rungs, Progress(xp=150, longest_streak=9)) is rungs[1]


def test_xp_alone_is_not_enough() -> None:
    rich = Progress(xp=1_000_000)
    position = climb(LADDER.levels, LADDER.tracks, None, rich)
    assert position.level.key == "aspiring-learner"
    assert position.next is not None and position.next.key == "foundations-learner"
    assert missing(position.next, rich) == ["a streak of 5 days (your longest is 0)"]
    # with the streak, the next rung asks for a shipped project and a mastered topic
    streaky = Progress(xp=1_000_000, longest_streak=7)
    position = climb(LADDER.levels, LADDER.tracks, None, streaky)
    assert position.level.key == "foundations-learner"
    assert position.next is not None
    assert missing(position.next, streaky) == [
        "1 more shipped project (/project ship)",
        "1 more mastered quiz topic (/quiz topics)",
    ]


def test_missing_names_every_gap_and_nothing_when_met() -> None:
    junior = next(lvl for lvl in LADDER.levels if lvl.key == "junior-ml-engineer")
    assert missing(junior, Progress(xp=100)) == [
        "3,900 more XP (you have 100 of 4,000)",
        "2 more shipped projects (/project ship)",
        "3 more mastered quiz topics (/quiz topics)",
        "10 more exercises passed (/exercise)",
        "a streak of 14 days (your longest is 0)",
    ]
    enough = Progress(
        xp=4000, shipped_projects=2, mastered_topics=3, longest_streak=14, exercises=10
    )
    assert missing(junior, enough) == [] and meets(junior, enough)
    assert missing(junior, replace(enough, xp=3999)) == ["1 more XP (you have 3,999 of 4,000)"]
    assert missing(junior, replace(enough, exercises=9)) == ["1 more exercise passed (/exercise)"]


SENIOR_TOPICS = frozenset({"ml-system-design", "ml-leadership"})
SENIOR = Progress(
    xp=25_000,
    shipped_projects=10,
    mastered_topics=14,
    longest_streak=60,
    topics=SENIOR_TOPICS,
    exercises=30,
)
ALL_TOPICS = frozenset(t for rung in ORDER for t in rung.evidence.topics)
LEGEND = Progress(
    xp=40_000,
    shipped_projects=15,
    mastered_topics=18,
    longest_streak=100,
    topics=ALL_TOPICS,
    exercises=40,
)


def test_at_the_top_without_a_track_the_member_chooses_one() -> None:
    for track in (None, "astronaut"):  # an unknown key counts as no choice
        position = climb(LADDER.levels, LADDER.tracks, track, LEGEND)
        assert position.level.key == "senior-ml-engineer"
        assert position.next is None and position.choosing_track
        assert len(position.reached) == len(LADDER.levels)
    # a ladder without tracks simply ends
    assert not climb(LADDER.levels, [], None, LEGEND).choosing_track


def test_a_chosen_track_is_next_until_met_then_it_is_the_level() -> None:
    position = climb(LADDER.levels, LADDER.tracks, "research", SENIOR)
    assert position.level.key == "senior-ml-engineer" and not position.choosing_track
    assert position.next is not None and position.next.key == "research"
    assert missing(position.next, SENIOR) == [
        "15,000 more XP (you have 25,000 of 40,000)",
        "4 more mastered quiz topics (/quiz topics)",
        "master research-methods (/quiz research-methods)",
        "a streak of 100 days (your longest is 60)",
    ]
    position = climb(LADDER.levels, LADDER.tracks, "research", LEGEND)
    assert position.level.key == "research" and position.next is None
    assert not position.choosing_track
    assert keys(tuple(position.reached)) == [*keys(tuple(LADDER.levels)), "research"]
    # the track counts only after the top of the ladder
    below = replace(LEGEND, longest_streak=59)
    position = climb(LADDER.levels, LADDER.tracks, "research", below)
    assert position.level.key == "ml-engineer"
    assert position.next is not None and position.next.key == "senior-ml-engineer"


TOPIC_POOL = sorted(ALL_TOPICS | {"numpy", "statistics"})
topics_st = st.frozensets(st.sampled_from(TOPIC_POOL))
progress_st = st.builds(
    Progress,
    xp=st.integers(0, 50_000),
    shipped_projects=st.integers(0, 20),
    mastered_topics=st.integers(0, 20),
    longest_streak=st.integers(0, 400),
    topics=topics_st,
)
more_st = st.tuples(
    st.integers(0, 20_000), st.integers(0, 8), st.integers(0, 8), st.integers(0, 120), topics_st
)
More = tuple[int, int, int, int, frozenset[str]]


def grown(progress: Progress, more: More) -> Progress:
    return Progress(
        progress.xp + more[0],
        progress.shipped_projects + more[1],
        progress.mastered_topics + more[2],
        progress.longest_streak + more[3],
        progress.topics | more[4],
    )


def rank(level: Level) -> int:
    return ORDER.index(level)


@given(progress_st, more_st, st.sampled_from([None, *TRACK_KEYS]))
def test_more_progress_never_lowers_the_level(
    progress: Progress, more: More, track: str | None
) -> None:
    bigger = grown(progress, more)
    before = climb(LADDER.levels, LADDER.tracks, track, progress)
    after = climb(LADDER.levels, LADDER.tracks, track, bigger)
    assert rank(after.level) >= rank(before.level)
    assert after.reached[: len(before.reached)] == before.reached  # nothing is ever lost
    # what a level reports as held is exactly what meets says, in order
    assert before.reached[0] is LADDER.levels[0]
    assert all(meets(level, progress) for level in before.reached[1:])
    if before.next is not None:
        assert not meets(before.next, progress)
        assert missing(before.next, progress) != []
    assert before.choosing_track == (
        before.level is LADDER.levels[-1] and track is None and bool(LADDER.tracks)
    )


@given(
    st.lists(
        st.tuples(
            st.integers(0, 500),
            st.integers(0, 3),
            st.integers(0, 3),
            st.integers(0, 30),
            st.lists(st.sampled_from(TOPIC_POOL), max_size=2, unique=True),
        ),
        min_size=1,
        max_size=6,
    ),
    progress_st,
    more_st,
)
def test_monotone_on_any_synthetic_ladder(
    needs: list[tuple[int, int, int, int, list[str]]], progress: Progress, more: More
) -> None:
    """Even rungs that are not increasing (climb does not rely on the schema's checks)."""
    rungs = (
        Rung("start", "Start", 0),
        *(
            Rung(f"r{n}", f"R{n}", xp, Need(s, m, k, tuple(t)))
            for n, (xp, s, m, k, t) in enumerate(needs)
        ),
    )
    bigger = grown(progress, more)
    before = climb(rungs, (), None, progress)
    after = climb(rungs, (), None, bigger)
    assert rungs.index(after.level) >= rungs.index(before.level)
    held = rungs.index(before.level)
    assert all(meets(r, progress) for r in rungs[1 : held + 1])
    assert held == len(rungs) - 1 or not meets(rungs[held + 1], progress)


# --- the upper levels need the topics of their track ------------------------------------------


def _rung(key: str) -> Level:
    return next(rung for rung in ORDER if rung.key == key)


def test_the_shipped_ladder_names_the_senior_topics_from_senior_up() -> None:
    assert {rung.key: list(rung.evidence.topics) for rung in ORDER if rung.evidence.topics} == {
        "senior-ml-engineer": ["ml-system-design", "ml-leadership"],
        "architect": ["ml-architecture", "ml-system-design"],
        "research": ["research-methods"],
        "product": ["ai-product"],
    }


def test_senior_needs_its_topics_mastered_besides_xp_and_evidence() -> None:
    numbers = replace(SENIOR, topics=frozenset())
    position = climb(LADDER.levels, LADDER.tracks, None, numbers)
    assert position.level.key == "ml-engineer"
    assert position.next is not None and position.next.key == "senior-ml-engineer"
    assert missing(position.next, numbers) == [
        "master ml-system-design (/quiz ml-system-design)",
        "master ml-leadership (/quiz ml-leadership)",
    ]
    half = replace(SENIOR, topics=frozenset({"ml-leadership"}))
    assert missing(_rung("senior-ml-engineer"), half) == [
        "master ml-system-design (/quiz ml-system-design)"
    ]
    assert current_level(LADDER.levels, half).key == "ml-engineer"
    assert current_level(LADDER.levels, SENIOR).key == "senior-ml-engineer"
    # other mastered topics count towards the number, but do not stand in for the named ones
    others = replace(SENIOR, topics=frozenset({"numpy", "statistics"}))
    assert not meets(_rung("senior-ml-engineer"), others)


def test_each_track_needs_its_own_topics_and_the_top_levels() -> None:
    for track, gaps in (
        ("architect", ["ml-architecture"]),  # ml-system-design is held already at Senior
        ("research", ["research-methods"]),
        ("product", ["ai-product"]),
    ):
        senior = replace(LEGEND, topics=SENIOR_TOPICS)
        position = climb(LADDER.levels, LADDER.tracks, track, senior)
        assert position.level.key == "senior-ml-engineer" and position.next is not None
        assert missing(position.next, senior) == [f"master {t} (/quiz {t})" for t in gaps]
        there = replace(LEGEND, topics=SENIOR_TOPICS | set(gaps))
        assert climb(LADDER.levels, LADDER.tracks, track, there).level.key == track
        # a track stands on the top level: without the top level's topics it is not reached
        no_top = replace(LEGEND, topics=frozenset(_rung(track).evidence.topics))
        assert climb(LADDER.levels, LADDER.tracks, track, no_top).level.key == "ml-engineer"


def test_levels_below_senior_need_no_topics() -> None:
    assert not needs_topics(LADDER.levels[:-1])
    assert needs_topics(LADDER.levels) and needs_topics(LADDER.tracks)


@given(progress_st, st.sampled_from([None, *TRACK_KEYS]))
def test_assuming_the_topics_holds_every_level_the_member_holds(
    progress: Progress, track: str | None
) -> None:
    """The cheap bound Progression.review fingerprints: never fewer levels than the real climb,
    and the same levels when the bound holds none that names topics."""
    real = climb(LADDER.levels, LADDER.tracks, track, progress)
    bound = climb(LADDER.levels, LADDER.tracks, track, assuming_topics(progress, ORDER))
    assert bound.reached[: len(real.reached)] == real.reached
    if not needs_topics(bound.reached):
        assert bound.reached == real.reached
