"""Spaced repetition with FSRS: one card per (member, question)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

_SCHEDULER = Scheduler(enable_fuzzing=False)


def new_card(card_id: int, now: datetime) -> Card:
    return Card(card_id=card_id, due=now.astimezone(UTC))


def review(card: Card, correct: bool, now: datetime) -> Card:
    """Correct → Good, wrong → Again (the card comes back within minutes)."""
    rating = Rating.Good if correct else Rating.Again
    reviewed, _ = _SCHEDULER.review_card(card, rating, now.astimezone(UTC))
    return reviewed


def to_dict(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def from_dict(data: dict[str, Any]) -> Card:
    return Card.from_dict(data)  # type: ignore[arg-type]


def state_name(data: dict[str, Any]) -> str:
    """A stored card's FSRS state as a word: learning, review or relearning."""
    return from_dict(data).state.name.lower()
