"""Shared by the competition tests: the shipped competitions and their datasets, each built
once a session."""

from __future__ import annotations

from functools import cache

from bot.competitions.content import Competition, CompetitionPack, load_competition_dir
from bot.competitions.datasets import Dataset, build_dataset
from bot.paths import content_dir


@cache
def shipped_pack() -> CompetitionPack:
    return load_competition_dir(content_dir())


@cache
def shipped_dataset(competition_id: str, salt: str = "") -> Dataset:
    competition = shipped_pack().get(competition_id)
    assert competition is not None
    return build_dataset(competition, salt)


def shipped(competition_id: str) -> Competition:
    competition = shipped_pack().get(competition_id)
    assert competition is not None, competition_id
    return competition


SHIPPED_IDS = sorted(shipped_pack().competitions)
