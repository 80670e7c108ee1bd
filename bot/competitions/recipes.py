"""What a competition's YAML may name, importable without NumPy (``mlpath content check`` runs
where the ``exercises`` extra is not installed): the tasks, the metrics and their direction,
and every dataset generator with its parameters, target column, classes, baseline and
reference model. ``bot.competitions.datasets`` and ``bot.competitions.baselines`` implement
the same names (tests/competitions checks they match).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Task = Literal["binary", "multiclass", "regression", "ranking"]
MetricName = Literal["accuracy", "macro_f1", "roc_auc", "rmse", "mae", "log_loss", "ndcg"]
METRIC_NAMES: tuple[str, ...] = get_args(MetricName)
HIGHER_IS_BETTER: dict[str, bool] = {
    "accuracy": True,
    "macro_f1": True,
    "roc_auc": True,
    "rmse": False,
    "mae": False,
    "log_loss": False,
    "ndcg": True,
}
METRICS_OF_TASK: dict[str, tuple[str, ...]] = {
    "binary": ("accuracy", "macro_f1", "roc_auc", "log_loss"),
    "multiclass": ("accuracy", "macro_f1", "log_loss"),
    "regression": ("rmse", "mae"),
    "ranking": ("ndcg",),
}
# How a submission states its prediction for one row.
LABEL_METRICS = frozenset({"accuracy", "macro_f1"})  # a class from the label set
PROBABILITY_METRICS = frozenset({"roc_auc", "log_loss"})  # probabilities in [0, 1]

_Share = Annotated[float, Field(ge=0.0, le=0.5)]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChurnParams(_Params):
    churn_rate: Annotated[float, Field(ge=0.03, le=0.5)] = 0.12
    missing_rate: _Share = 0.05
    noise: Annotated[float, Field(ge=0.0, le=3.0)] = 1.0
    # A column written after the outcome (a retention offer made when a customer called to
    # cancel): telling in train.csv, blank-ish in test.csv, where it was recorded beforehand.
    leak: bool = True


class HouseParams(_Params):
    missing_rate: _Share = 0.06
    noise: Annotated[float, Field(ge=0.0, le=0.5)] = 0.12  # log-price noise (s.d.)


class ReviewParams(_Params):
    label_noise: _Share = 0.06
    negation_rate: _Share = 0.15
    min_words: Annotated[int, Field(ge=3, le=20)] = 6
    max_words: Annotated[int, Field(ge=5, le=60)] = 22


class LoadParams(_Params):
    missing_rate: _Share = 0.04
    noise: Annotated[float, Field(ge=0.0, le=30.0)] = 6.0  # MWh (s.d.)


class RankingParams(_Params):
    items: Annotated[int, Field(ge=20, le=2000)] = 150
    candidates: Annotated[int, Field(ge=5, le=50)] = 10
    factors: Annotated[int, Field(ge=1, le=10)] = 3
    noise: Annotated[float, Field(ge=0.0, le=2.0)] = 0.6


class DigitsParams(_Params):
    pixel_noise: Annotated[float, Field(ge=0.0, le=8.0)] = 2.0
    dropout: _Share = 0.05


@dataclass(frozen=True)
class GeneratorSpec:
    """A dataset generator as content sees it."""

    name: str
    task: Task
    target: str
    params: type[_Params]
    baseline: str
    reference: str
    classes: tuple[str, ...] = ()  # classification: the label set as written in the CSV
    group: str | None = None  # ranking: the column whose rows are ranked together
    max_rows: int | None = None  # a shipped dataset has only so many rows
    time_ordered: bool = False  # test rows follow train rows in time

    def columns(self, metric: str) -> tuple[str, ...]:
        """The prediction columns of a submission (after ``id``)."""
        if metric == "log_loss" and self.task == "multiclass":
            return tuple(f"{self.target}_{c}" for c in self.classes)
        return (self.target,)


GENERATORS: dict[str, GeneratorSpec] = {
    spec.name: spec
    for spec in (
        GeneratorSpec(
            "churn", "binary", "churned", ChurnParams, "prior", "gradient-boosting", ("0", "1")
        ),
        GeneratorSpec("houses", "regression", "price", HouseParams, "mean", "ridge-one-hot"),
        GeneratorSpec(
            "reviews",
            "multiclass",
            "sentiment",
            ReviewParams,
            "majority",
            "tfidf-logistic",
            ("negative", "neutral", "positive"),
        ),
        GeneratorSpec(
            "grid-load",
            "regression",
            "load_mwh",
            LoadParams,
            "recent-mean",
            "ridge-calendar",
            time_ordered=True,
        ),
        GeneratorSpec(
            "ratings",
            "ranking",
            "relevance",
            RankingParams,
            "popularity",
            "gradient-boosting-affinity",
            group="user_id",
        ),
        GeneratorSpec(
            "digits",
            "multiclass",
            "digit",
            DigitsParams,
            "prior",
            "scaled-logistic",
            tuple(str(d) for d in range(10)),
            max_rows=1797,
        ),
    )
}
