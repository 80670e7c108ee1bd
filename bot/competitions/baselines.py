"""The baseline (a prediction that learns almost nothing) and the reference (a reasonable
scikit-learn pipeline) of every generator, as named in ``bot.competitions.recipes``. Each
returns predictions in a submission's form, in ``test.csv``'s row order.

Authors compute the scores to record in a competition's YAML with::

    .venv/bin/python -m bot.competitions.baselines content/competitions/churn.yaml

and CI checks them (tests/competitions/test_baselines.py). The reference never uses the trap
column of a leaky dataset: it is the honest model a member should beat.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from bot.competitions.content import Competition, read_competition
from bot.competitions.datasets import Dataset, build_dataset
from bot.competitions.recipes import LABEL_METRICS
from bot.competitions.scoring import score_all

Predict = Callable[[Competition, Dataset], NDArray[np.generic]]
LEAK_COLUMN = "retention_offer"


def _xy(competition: Competition, data: Dataset) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    target = competition.spec.target
    x = data.train.drop(columns=["id", target])
    return x, data.train[target], data.test.drop(columns=["id"])


def _as_submission(
    competition: Competition, proba: NDArray[np.float64], model_classes: Any
) -> NDArray[np.generic]:
    """Class probabilities (columns in ``model_classes`` order) as the metric wants them."""
    known = [str(c) for c in model_classes]
    classes = competition.spec.classes
    full = np.column_stack([proba[:, known.index(c)] for c in classes])
    if competition.meta.metric in LABEL_METRICS:
        return np.asarray(np.asarray(classes, dtype=object)[full.argmax(axis=1)], dtype=object)
    if len(competition.columns) == 1:
        return np.asarray(full[:, -1])
    return full


def prior(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """The training set's class shares for every row (ROC AUC 0.5 by construction)."""
    _, y, x_test = _xy(competition, data)
    shares = y.astype(str).value_counts(normalize=True)
    proba = np.tile(shares.to_numpy(dtype=np.float64), (len(x_test), 1))
    return _as_submission(competition, proba, shares.index)


majority = prior  # for a label metric, the shares' argmax: the most frequent class


def mean(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    _, y, x_test = _xy(competition, data)
    return np.full(len(x_test), float(y.mean()))


def recent_mean(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """The mean of the last four weeks of train, for every test day."""
    _, y, x_test = _xy(competition, data)
    return np.full(len(x_test), float(y.iloc[-28:].mean()))


def popularity(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """How often each item appears in train (the most watched first, for every user)."""
    counts = data.train["item_id"].value_counts()
    return np.asarray(data.test["item_id"].map(counts).fillna(0), dtype=np.float64)


def _one_hot(categorical: list[str], numeric: list[str], scale: bool) -> ColumnTransformer:
    steps: list[Any] = [SimpleImputer(strategy="median")]
    if scale:
        steps.append(StandardScaler())
    return ColumnTransformer(
        [
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
            ("num", make_pipeline(*steps), numeric),
        ]
    )


def gradient_boosting(
    competition: Competition, data: Dataset, *, use_leak: bool = False
) -> NDArray[np.generic]:
    """Gradient-boosted trees on one-hot categories and raw numbers (blanks handled by the
    trees' own missing-value splits after a median fill), without the trap column unless
    ``use_leak``."""
    x, y, x_test = _xy(competition, data)
    if not use_leak and LEAK_COLUMN in x:
        x, x_test = x.drop(columns=[LEAK_COLUMN]), x_test.drop(columns=[LEAK_COLUMN])
    categorical = [c for c in x if not pd.api.types.is_numeric_dtype(x[c])]
    numeric = [c for c in x if c not in categorical]
    model = Pipeline(
        [
            ("prep", _one_hot(categorical, numeric, scale=False)),
            (
                "gbm",
                HistGradientBoostingClassifier(
                    learning_rate=0.05, max_iter=150, max_leaf_nodes=15, random_state=0
                ),
            ),
        ]
    )
    model.fit(x, y.astype(str))
    return _as_submission(competition, model.predict_proba(x_test), model.classes_)


def ridge_one_hot(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """Ridge regression on one-hot categories and scaled numbers, fitted to log(price)."""
    x, y, x_test = _xy(competition, data)
    x, x_test = (
        x.assign(log_area=np.log(x["area_m2"])),
        x_test.assign(log_area=np.log(x_test["area_m2"])),
    )
    categorical = [c for c in x if not pd.api.types.is_numeric_dtype(x[c])]
    numeric = [c for c in x if c not in categorical]
    model = TransformedTargetRegressor(
        Pipeline([("prep", _one_hot(categorical, numeric, scale=True)), ("ridge", Ridge(1.0))]),
        func=np.log,
        inverse_func=np.exp,
    )
    model.fit(x, y.to_numpy(dtype=np.float64))
    return np.asarray(model.predict(x_test), dtype=np.float64)


def tfidf_logistic(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """TF-IDF of words and word pairs (pairs see "not broken"), logistic regression."""
    x, y, x_test = _xy(competition, data)
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=4.0, max_iter=2000),
    )
    model.fit(x["text"], y.astype(str))
    return _as_submission(competition, model.predict_proba(x_test["text"]), model.classes_)


def _calendar(frame: pd.DataFrame, origin: pd.Timestamp) -> pd.DataFrame:
    dates = pd.to_datetime(frame["date"])
    year = 2 * np.pi * dates.dt.day_of_year.to_numpy() / 365.25
    return pd.DataFrame(
        {
            "t": (dates - origin).dt.days.to_numpy(dtype=np.float64),
            "sin": np.sin(year),
            "cos": np.cos(year),
            "temp": frame["temperature_c"].to_numpy(dtype=np.float64),
            "holiday": frame["holiday"].to_numpy(dtype=np.float64),
            "weekday": frame["weekday"].to_numpy(),
        }
    )


def ridge_calendar(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """Ridge on a trend, the season, the weekday, holidays and temperature with its square
    (heating and cooling); blank temperatures take the train median."""
    x, y, x_test = _xy(competition, data)
    origin = pd.Timestamp(x["date"].iloc[0])
    train, test = _calendar(x, origin), _calendar(x_test, origin)
    fill = float(train["temp"].median())
    for frame in (train, test):
        frame["temp"] = frame["temp"].fillna(fill)
        frame["temp2"] = (frame["temp"] - 17.0) ** 2
    model = Pipeline(
        [
            ("prep", _one_hot(["weekday"], [c for c in train if c != "weekday"], True)),
            ("r", Ridge()),
        ]
    )
    model.fit(train, y.to_numpy(dtype=np.float64))
    return np.asarray(model.predict(test), dtype=np.float64)


def _affinity(history: pd.DataFrame, rows: pd.DataFrame, prior_weight: float = 5.0) -> pd.DataFrame:
    """Smoothed mean relevance of the row's item, user and user×genre in ``history``."""
    overall = float(history["relevance"].mean())
    out = pd.DataFrame(index=rows.index)
    for name, keys in (
        ("item", ["item_id"]),
        ("user", ["user_id"]),
        ("user_genre", ["user_id", "genre"]),
    ):
        stats = history.groupby(keys)["relevance"].agg(["sum", "count"])
        smoothed = (stats["sum"] + prior_weight * overall) / (stats["count"] + prior_weight)
        joined = (
            rows[keys]
            .merge(smoothed.rename(name).reset_index(), on=keys, how="left")
            .set_index(rows.index)
        )
        out[name] = joined[name].fillna(overall)
    out["item_count"] = rows["item_id"].map(history["item_id"].value_counts()).fillna(0)
    return out


def gradient_boosting_affinity(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """Boosted trees on target-encoded item, user and user×genre means (out of fold for the
    training rows, so the model never sees its own answers) and the release year."""
    train, test = data.train, data.test
    folds = KFold(5, shuffle=True, random_state=0)
    encoded = pd.concat(
        [_affinity(train.iloc[fit], train.iloc[held]) for fit, held in folds.split(train)]
    ).sort_index()
    x = encoded.assign(year=train["release_year"].astype("float64"))
    x_test = _affinity(train, test).assign(year=test["release_year"].astype("float64"))
    model = HistGradientBoostingRegressor(
        learning_rate=0.05, max_iter=200, max_leaf_nodes=15, random_state=0
    )
    model.fit(x, train["relevance"].to_numpy(dtype=np.float64))
    return np.asarray(model.predict(x_test), dtype=np.float64)


def scaled_logistic(competition: Competition, data: Dataset) -> NDArray[np.generic]:
    """Logistic regression on standardised pixels, blanks filled with the pixel's mean."""
    x, y, x_test = _xy(competition, data)
    model = make_pipeline(
        SimpleImputer(), StandardScaler(), LogisticRegression(C=0.05, max_iter=3000)
    )
    model.fit(x, y.astype(str))
    return _as_submission(competition, model.predict_proba(x_test), model.classes_)


BASELINES: dict[str, Predict] = {
    "prior": prior,
    "mean": mean,
    "majority": majority,
    "recent-mean": recent_mean,
    "popularity": popularity,
}
REFERENCES: dict[str, Predict] = {
    "gradient-boosting": gradient_boosting,
    "ridge-one-hot": ridge_one_hot,
    "tfidf-logistic": tfidf_logistic,
    "ridge-calendar": ridge_calendar,
    "gradient-boosting-affinity": gradient_boosting_affinity,
    "scaled-logistic": scaled_logistic,
}


def recorded_scores(competition: Competition, data: Dataset) -> tuple[float, float]:
    """(baseline, reference) scores on the whole test set, as a YAML records them."""
    spec = competition.spec
    base = BASELINES[spec.baseline](competition, data)
    ref = REFERENCES[spec.reference](competition, data)
    return score_all(competition, data.answers, base), score_all(competition, data.answers, ref)


def main(paths: list[str]) -> None:
    for name in paths:
        competition = read_competition(Path(name))
        base, ref = recorded_scores(competition, build_dataset(competition))
        print(f"{competition.id}: baseline {base:.4f}  reference {ref:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
