"""The dataset generators named in ``bot.competitions.recipes``: each draws every row from one
NumPy generator (or shuffles a dataset scikit-learn ships) and returns the train and test rows,
both with the target; ``bot.competitions.datasets`` assigns ids, hides the test target and
draws the public share. Values are rounded here so that the CSV bytes are stable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from bot.competitions.recipes import (
    ChurnParams,
    DigitsParams,
    HouseParams,
    LoadParams,
    RankingParams,
    ReviewParams,
)

Rng = np.random.Generator
Frames = tuple[pd.DataFrame, pd.DataFrame]
Floats = NDArray[np.float64]


def _sigmoid(x: Floats) -> Floats:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def _intercept_for(logit: Floats, rate: float) -> float:
    """The shift that makes the mean predicted probability ``rate`` (bisection: exact and
    deterministic)."""
    low, high = -20.0, 20.0
    for _ in range(60):
        mid = (low + high) / 2
        if float(_sigmoid(logit + mid).mean()) < rate:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _blank(rng: Rng, values: Floats, rate: float) -> Floats:
    out = values.astype(np.float64)
    out[rng.random(len(out)) < rate] = np.nan
    return out


def _split(frame: pd.DataFrame, n_train: int) -> Frames:
    train = frame.iloc[:n_train].reset_index(drop=True)
    return train, frame.iloc[n_train:].reset_index(drop=True)


def churn(rng: Rng, n_train: int, n_test: int, p: ChurnParams) -> Frames:
    """A telecom's customers, about ``churn_rate`` of whom leave; ``retention_offer`` is the
    trap: logged after a customer called to cancel (train), before the outcome (test)."""
    n = n_train + n_test
    contract = rng.choice(["month-to-month", "one-year", "two-year"], n, p=[0.55, 0.25, 0.2])
    payment = rng.choice(
        ["card", "bank-transfer", "electronic-check", "mailed-check"], n, p=[0.3, 0.25, 0.3, 0.15]
    )
    tenure = np.clip(np.round(rng.gamma(2.0, 14.0, n)), 1, 72)
    monthly = np.clip(rng.normal(65.0, 25.0, n), 18.0, 130.0)
    calls = rng.poisson(1.2, n).astype(np.float64)
    data_gb = rng.lognormal(1.5, 0.8, n)
    senior = (rng.random(n) < 0.16).astype(np.int64)
    contract_effect = np.select(
        [contract == "month-to-month", contract == "one-year"], [1.0, -0.3], default=-1.2
    )
    logit = (
        -0.045 * tenure
        + 0.02 * (monthly - 65.0)
        + 0.45 * calls
        + contract_effect
        + 0.5 * (payment == "electronic-check")
        + 0.3 * senior
        - 0.05 * np.log1p(data_gb)
        + p.noise * rng.normal(0.0, 1.0, n)
    )
    churned = (rng.random(n) < _sigmoid(logit + _intercept_for(logit, p.churn_rate))).astype(
        np.int64
    )
    offer_train = np.where(churned == 1, rng.random(n) < 0.8, rng.random(n) < 0.04)
    offer_test = rng.random(n) < 0.04
    offer = np.where(np.arange(n) < n_train, offer_train, offer_test)
    total = tenure * monthly * rng.normal(1.0, 0.05, n)
    frame = pd.DataFrame(
        {
            "tenure_months": tenure.astype(np.int64),
            "contract": contract,
            "payment_method": payment,
            "monthly_charges": _blank(rng, np.round(monthly, 2), p.missing_rate),
            "total_charges": _blank(rng, np.round(total, 2), p.missing_rate),
            "support_calls": calls.astype(np.int64),
            "data_gb": _blank(rng, np.round(data_gb, 2), p.missing_rate),
            "senior": senior,
        }
    )
    if p.leak:
        frame["retention_offer"] = np.where(offer, "yes", "no")
    frame["churned"] = churned
    return _split(frame, n_train)


_NEIGHBOURHOODS = {
    "old-town": 0.25,
    "riverside": 0.35,
    "harbour": 0.15,
    "university": 0.05,
    "midtown": 0.0,
    "industrial": -0.3,
    "suburbs": -0.1,
    "hillside": 0.2,
}
_CONDITION = {"poor": -0.25, "fair": -0.08, "good": 0.0, "excellent": 0.15}


def houses(rng: Rng, n_train: int, n_test: int, p: HouseParams) -> Frames:
    """Houses of one city, price in thousands; skewed prices, blanks, two categoricals."""
    n = n_train + n_test
    names = list(_NEIGHBOURHOODS)
    hood = rng.choice(names, n, p=[0.1, 0.08, 0.07, 0.12, 0.15, 0.1, 0.28, 0.1])
    area = np.clip(rng.lognormal(np.log(110.0), 0.35, n), 30.0, 450.0)
    rooms = np.clip(np.round(area / 28.0 + rng.normal(0.0, 0.8, n)), 1, 10)
    age = np.round(rng.uniform(0.0, 1.0, n) ** 1.5 * 110.0)
    distance = rng.gamma(2.0, 3.0, n)
    condition = rng.choice(list(_CONDITION), n, p=[0.1, 0.3, 0.45, 0.15])
    garage = rng.choice([0.0, 1.0, 2.0], n, p=[0.4, 0.45, 0.15])
    log_price = (
        5.3
        + 0.9 * np.log(area / 100.0)
        + np.array([_NEIGHBOURHOODS[h] for h in hood])
        + 0.03 * rooms
        - 0.003 * age
        - 0.025 * distance
        + np.array([_CONDITION[c] for c in condition])
        + 0.06 * garage
        + p.noise * rng.normal(0.0, 1.0, n)
    )
    frame = pd.DataFrame(
        {
            "neighbourhood": hood,
            "area_m2": np.round(area, 1),
            "rooms": rooms.astype(np.int64),
            "age_years": pd.array(_blank(rng, age, p.missing_rate)).astype("Int64"),
            "distance_km": np.round(distance, 2),
            "condition": condition,
            "garage_spaces": pd.array(_blank(rng, garage, p.missing_rate * 3)).astype("Int64"),
            "price": np.round(np.exp(log_price), 1),
        }
    )
    return _split(frame, n_train)


_POSITIVE = [
    "great",
    "excellent",
    "wonderful",
    "lovely",
    "superb",
    "reliable",
    "sturdy",
    "fantastic",
    "perfect",
    "pleasant",
    "brilliant",
    "solid",
    "delightful",
    "smooth",
    "impressive",
]
_NEGATIVE = [
    "terrible",
    "awful",
    "broken",
    "flimsy",
    "useless",
    "disappointing",
    "poor",
    "cheap",
    "noisy",
    "faulty",
    "horrible",
    "annoying",
    "slow",
    "leaky",
    "worst",
]
_MILD = ["okay", "fine", "average", "decent", "ordinary", "acceptable", "standard", "adequate"]
_NOUNS = [
    "product",
    "quality",
    "price",
    "delivery",
    "packaging",
    "battery",
    "handle",
    "screen",
    "design",
    "size",
    "colour",
    "manual",
    "seller",
    "material",
    "sound",
]
_FACTS = (
    "arrived on {day}",
    "bought it for my {person}",
    "used it for {n} weeks",
    "came in a {colour} box",
    "ordered it on {day}",
    "my {person} picked it",
)
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PEOPLE = ["son", "daughter", "wife", "husband", "friend", "mother", "father", "neighbour"]
_COLOURS = ["red", "blue", "green", "grey", "white", "black", "brown"]
_INTENSIFIERS = ["really", "very", "quite", "so", "truly"]
_JOINERS = (", ", " and ", ". ", ", but ")
_PRODUCTS = ("books", "electronics", "kitchen", "toys", "garden")
_SENTIMENTS = ("negative", "neutral", "positive")


def _pick(rng: Rng, words: list[str] | tuple[str, ...]) -> str:
    return str(words[int(rng.integers(len(words)))])


def _opinion(rng: Rng, label: int, p: ReviewParams) -> str:
    """One opinion clause: polarity mostly the label's; neutral reviews lean on mild words."""
    noun = _pick(rng, _NOUNS)
    if label == 1 and rng.random() < 0.6:
        return f"the {noun} is {_pick(rng, _MILD)}"
    positive = rng.random() < (0.12, 0.5, 0.88)[label]
    if rng.random() < p.negation_rate:  # "not broken" is praise
        return f"the {noun} is not {_pick(rng, _NEGATIVE if positive else _POSITIVE)}"
    word = _pick(rng, _POSITIVE if positive else _NEGATIVE)
    if rng.random() < 0.5:
        return f"{_pick(rng, _INTENSIFIERS)} {word} {noun}"
    return f"the {noun} is {word}"


def _fact(rng: Rng) -> str:
    return _pick(rng, _FACTS).format(
        day=_pick(rng, _DAYS),
        person=_pick(rng, _PEOPLE),
        n=int(rng.integers(1, 9)),
        colour=_pick(rng, _COLOURS),
    )


def _review_text(rng: Rng, label: int, p: ReviewParams) -> str:
    target = int(rng.integers(p.min_words, max(p.min_words, p.max_words) + 1))
    text = _opinion(rng, label, p)
    while len(text.split()) < target:
        clause = _opinion(rng, label, p) if rng.random() < 0.6 else _fact(rng)
        joiner = _pick(rng, _JOINERS)
        text += joiner + (clause[0].upper() + clause[1:] if joiner == ". " else clause)
    return text[0].upper() + text[1:] + "."


def reviews(rng: Rng, n_train: int, n_test: int, p: ReviewParams) -> Frames:
    """Short product reviews from a small vocabulary: opinion clauses, negation ("not
    broken"), mild words for neutral reviews, facts that say nothing, and some mislabelled
    reviews."""
    n = n_train + n_test
    labels = rng.choice(3, n, p=[0.3, 0.22, 0.48])
    texts = [_review_text(rng, int(label), p) for label in labels]
    noisy = rng.random(n) < p.label_noise
    labels = np.where(noisy, rng.choice(3, n), labels)
    frame = pd.DataFrame(
        {
            "product": rng.choice(_PRODUCTS, n),
            "text": texts,
            "sentiment": [_SENTIMENTS[int(label)] for label in labels],
        }
    )
    return _split(frame, n_train)


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def grid_load(rng: Rng, n_train: int, n_test: int, p: LoadParams) -> Frames:
    """A city's daily electricity load: trend, weekly pattern, heating and cooling with the
    temperature, holidays and autocorrelated noise. Test days follow the train days."""
    n = n_train + n_test
    dates = pd.date_range("2021-01-04", periods=n, freq="D")
    doy = dates.day_of_year.to_numpy().astype(np.float64)
    weekday = dates.day_of_week.to_numpy()
    temp = 12.0 + 10.0 * np.sin(2 * np.pi * (doy - 110.0) / 365.25) + rng.normal(0.0, 3.0, n)
    holiday = (rng.random(n) < 10 / 365).astype(np.int64)
    shock = np.zeros(n)
    steps = rng.normal(0.0, p.noise, n)
    for i in range(1, n):
        shock[i] = 0.7 * shock[i - 1] + steps[i]
    load = (
        420.0
        + 0.03 * np.arange(n)
        + np.array([8.0, 10.0, 10.0, 9.0, 4.0, -35.0, -48.0])[weekday]
        + 0.45 * (temp - 17.0) ** 2
        - 40.0 * holiday
        + shock
    )
    frame = pd.DataFrame(
        {
            "date": dates.strftime("%Y-%m-%d"),
            "weekday": [_WEEKDAYS[d] for d in weekday],
            "temperature_c": _blank(rng, np.round(temp, 1), p.missing_rate),
            "holiday": holiday,
            "load_mwh": np.round(load, 1),
        }
    )
    return _split(frame, n_train)


_GENRES = ("drama", "comedy", "action", "documentary", "horror", "animation")


def ratings(rng: Rng, n_train: int, n_test: int, p: RankingParams) -> Frames:
    """Films rated by users, relevance 0-3: each user's history is in train, and ``candidates``
    unseen films per user are in test, to rank. Taste is latent factors plus genre affinity
    plus each film's quality; what users watch leans to popular films."""
    users = n_test // p.candidates
    genre = rng.integers(0, len(_GENRES), p.items)
    quality = rng.normal(0.0, 0.7, p.items)
    popularity = rng.normal(0.0, 1.0, p.items) + 0.5 * quality
    item_f = rng.normal(0.0, 1.0, (p.items, p.factors)) / np.sqrt(p.factors)
    user_f = rng.normal(0.0, 1.0, (users, p.factors)) / np.sqrt(p.factors)
    affinity = rng.normal(0.0, 0.8, (users, len(_GENRES)))
    year = rng.integers(1970, 2025, p.items).astype(np.float64)
    weights = np.exp(popularity) / np.exp(popularity).sum()
    per_user_train = np.bincount(np.arange(n_train) % users, minlength=users)
    rows: list[tuple[int, int, int]] = []  # (user, item, is_test)
    for user in range(users):
        seen = rng.choice(p.items, per_user_train[user] + p.candidates, replace=False, p=weights)
        rows += [(user, int(item), 0) for item in seen[: per_user_train[user]]]
        rows += [(user, int(item), 1) for item in seen[per_user_train[user] :]]
    u, i, is_test = (np.array(col) for col in zip(*rows, strict=True))
    taste = (
        quality[i]
        + (user_f[u] * item_f[i]).sum(axis=1)
        + affinity[u, genre[i]]
        + p.noise * rng.normal(0.0, 1.0, len(u))
    )
    relevance = np.digitize(taste, np.quantile(taste, [0.45, 0.75, 0.92]))
    frame = pd.DataFrame(
        {
            "user_id": u + 1,
            "item_id": i + 1001,
            "genre": [_GENRES[g] for g in genre[i]],
            "release_year": pd.array(_blank(rng, year[i], 0.03)).astype("Int64"),
            "relevance": relevance.astype(np.int64),
        }
    )
    order = np.argsort(is_test, kind="stable")
    return _split(frame.iloc[order], int((is_test == 0).sum()))


def digits(rng: Rng, n_train: int, n_test: int, p: DigitsParams) -> Frames:
    """scikit-learn's 8×8 handwritten digits (shipped inside the package), shuffled, with
    sensor noise and dropped pixels."""
    from sklearn.datasets import load_digits

    bunch: Any = load_digits()
    order = rng.permutation(len(bunch.target))[: n_train + n_test]
    pixels = bunch.data[order].astype(np.float64)
    pixels = np.clip(pixels + rng.normal(0.0, p.pixel_noise, pixels.shape), 0.0, 16.0)
    pixels = np.round(pixels, 1)
    pixels[rng.random(pixels.shape) < p.dropout] = np.nan
    frame = pd.DataFrame(pixels, columns=[f"px_{r}_{c}" for r in range(8) for c in range(8)])
    frame["digit"] = bunch.target[order].astype(np.int64)
    return _split(frame, n_train)


GENERATE: dict[str, Callable[[Rng, int, int, Any], Frames]] = {
    "churn": churn,
    "houses": houses,
    "reviews": reviews,
    "grid-load": grid_load,
    "ratings": ratings,
    "digits": digits,
}
