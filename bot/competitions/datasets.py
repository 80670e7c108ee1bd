"""A competition's data, built deterministically from its recipe: ``train.csv`` (with the
target), ``test.csv`` (without), ``sample_submission.csv``, and the hidden answers with the
public/private split.

The same recipe and salt always give the same bytes (stable column order, rows sorted, values
rounded by the generator, ``\\n`` line ends, blanks for missing values). The data, the ids and
the public split are drawn from three independent streams of one ``numpy.random.SeedSequence``,
so the split is unrelated to the rows' ids, order or values.

The seed is in the public content, so anyone could rebuild the answers; a deployment passes a
secret ``salt`` (a setting the competition service reads) and the data, ids and split all
change. The recorded baseline and reference scores are those of the unsalted data; a salt moves
them by little (the tests check one salt).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from bot.competitions.content import Competition
from bot.competitions.generators import GENERATE
from bot.competitions.recipes import PROBABILITY_METRICS

FIRST_ID = 100_000


@dataclass(frozen=True, eq=False)
class Answers:
    """The hidden side of the test set, in ``test.csv``'s row order. Never sent to anyone."""

    ids: NDArray[np.str_]  # as written in test.csv
    target: NDArray[np.generic]  # class labels as text, or numbers
    public: NDArray[np.bool_]  # the rows scored at once; the rest are scored at the close
    groups: NDArray[np.int64] | None = None  # ranking: the query (user) of each row

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class Dataset:
    train: pd.DataFrame
    test: pd.DataFrame
    sample_submission: pd.DataFrame
    answers: Answers

    def files(self) -> dict[str, bytes]:
        """What members receive: ``train.csv``, ``test.csv``, ``sample_submission.csv``."""
        return {
            "train.csv": to_csv_bytes(self.train),
            "test.csv": to_csv_bytes(self.test),
            "sample_submission.csv": to_csv_bytes(self.sample_submission),
        }


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    text: str = frame.to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8")


def _streams(seed: int, salt: str) -> list[np.random.Generator]:
    words = [seed]
    if salt:
        digest = hashlib.sha256(salt.encode("utf-8")).digest()
        words += [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 32, 4)]
    children = np.random.SeedSequence(words).spawn(3)
    return [np.random.default_rng(child) for child in children]


def build_dataset(competition: Competition, salt: str = "") -> Dataset:
    """The competition's files and answers (pure and CPU-bound: doors run it in a thread and
    may cache the result per competition)."""
    recipe, spec = competition.meta.dataset, competition.spec
    data_rng, id_rng, split_rng = _streams(recipe.seed, salt)
    train, test = GENERATE[spec.name](
        data_rng, recipe.train_rows, recipe.test_rows, competition.params
    )
    n_train, n_test = len(train), len(test)
    if spec.time_ordered:  # ids follow time, as the dates do
        ids = np.arange(FIRST_ID, FIRST_ID + n_train + n_test)
    else:
        ids = FIRST_ID + id_rng.permutation(n_train + n_test)
    train.insert(0, "id", ids[:n_train])
    test.insert(0, "id", ids[n_train:])
    keys = [spec.group, "id"] if spec.group else ["id"]
    train = train.sort_values(keys, kind="stable").reset_index(drop=True)
    test = test.sort_values(keys, kind="stable").reset_index(drop=True)
    target = test.pop(spec.target).to_numpy()
    if spec.classes:
        target = target.astype(str)
    groups = test[spec.group].to_numpy(dtype=np.int64) if spec.group else None
    labels = target if spec.classes else None
    public = _public_rows(split_rng, recipe.public_share, len(test), labels, groups)
    answers = Answers(test["id"].to_numpy().astype(str), target, public, groups)
    sample = _sample(competition, test["id"], train[spec.target])
    return Dataset(train, test, sample, answers)


def _public_rows(
    rng: np.random.Generator,
    share: float,
    n: int,
    labels: NDArray[np.generic] | None,
    groups: NDArray[np.int64] | None,
) -> NDArray[np.bool_]:
    """The public share: whole queries for ranking, stratified by class for classification
    (so a public score always sees every class), else a plain random share."""
    if groups is not None:
        unique = np.unique(groups)
        chosen = rng.choice(unique, max(1, round(len(unique) * share)), replace=False)
        return np.isin(groups, chosen)
    public = np.zeros(n, dtype=bool)
    if labels is None:
        public[rng.choice(n, max(1, round(n * share)), replace=False)] = True
        return public
    for value in np.unique(labels):
        rows = np.flatnonzero(labels == value)
        public[rng.choice(rows, max(1, round(len(rows) * share)), replace=False)] = True
    return public


def _sample(competition: Competition, ids: pd.Series, y_train: pd.Series) -> pd.DataFrame:
    """A valid, constant submission, in ``test.csv``'s order."""
    spec, metric = competition.spec, competition.meta.metric
    columns = competition.columns
    value: object
    if metric in PROBABILITY_METRICS:
        value = round(1.0 / len(columns), 4) if len(columns) > 1 else 0.5
    elif spec.classes:
        value = spec.classes[0]
    elif spec.task == "ranking":
        value = 0
    else:
        value = round(float(y_train.mean()), 1)
    frame = pd.DataFrame({"id": ids.to_numpy()})
    for column in columns:
        frame[column] = value
    return frame
