"""Competition standings and their wording (SPEC §11): who counts with which submission, the
public board while a competition is open, the private one and the shake-up after the close.

A member counts with the submission they picked (``/compete final N``), else their best public
one; ties go to the earlier submission."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.competitions.content import Competition
from bot.db.models import CompetitionRun, CompetitionSubmission, Member
from bot.replies import Field, Reply

BOARD_SIZE = 10
METRIC_NAMES = {
    "accuracy": "accuracy",
    "macro_f1": "macro F1",
    "roc_auc": "ROC AUC",
    "rmse": "RMSE",
    "mae": "MAE",
    "log_loss": "log loss",
    "ndcg": "NDCG",
}


@dataclass(frozen=True, slots=True)
class Entry:
    member: Member
    submission: CompetitionSubmission
    score: float
    submissions: int


def metric_name(competition: Competition) -> str:
    return METRIC_NAMES.get(competition.meta.metric, competition.meta.metric)


def direction(competition: Competition) -> str:
    return "higher is better" if competition.meta.higher_is_better else "lower is better"


def score_text(score: float) -> str:
    return f"{score:.4f}"


def when(instant: datetime) -> str:
    return f"{instant:%Y-%m-%d %H:%M} UTC"


def _key(competition: Competition, score: float, sub: CompetitionSubmission) -> tuple[float, ...]:
    signed = -score if competition.meta.higher_is_better else score
    return (signed, sub.created_at.timestamp(), float(sub.id))


def best_public(
    competition: Competition, subs: Sequence[CompetitionSubmission]
) -> CompetitionSubmission:
    return min(subs, key=lambda s: _key(competition, s.public_score, s))


def chosen(
    competition: Competition, subs: Sequence[CompetitionSubmission]
) -> CompetitionSubmission:
    """The submission that counts at the close: the member's final pick, else best public."""
    final = [s for s in subs if s.final]
    return final[-1] if final else best_public(competition, subs)


def ranked(
    competition: Competition,
    rows: Sequence[tuple[CompetitionSubmission, Member]],
    *,
    private: bool,
) -> list[Entry]:
    """One entry per member, best first: the public board (best public score) or the private
    one (the counted submission's private score)."""
    by_member: dict[int, tuple[Member, list[CompetitionSubmission]]] = {}
    for sub, member in rows:
        by_member.setdefault(member.id, (member, []))[1].append(sub)
    entries = []
    for member, subs in by_member.values():
        if private:
            sub = chosen(competition, subs)
            entries.append(Entry(member, sub, sub.private_score, len(subs)))
        else:
            sub = best_public(competition, subs)
            entries.append(Entry(member, sub, sub.public_score, len(subs)))
    return sorted(entries, key=lambda e: _key(competition, e.score, e.submission))


def visible(entries: Sequence[Entry]) -> list[Entry]:
    return [e for e in entries if not e.member.hidden]


def _count(n: int) -> str:
    return f"{n} submission" + ("" if n == 1 else "s")


def public_board(competition: Competition, run: CompetitionRun, entries: list[Entry]) -> Reply:
    shown = visible(entries)
    head = (
        f"Public leaderboard ({metric_name(competition)} on the public share of the test set, "
        f"{direction(competition)}). Closes {when(run.closes_at)}; the private share decides."
    )
    lines = [
        f"{i}. {e.member.name} — {score_text(e.score)} ({_count(e.submissions)})"
        for i, e in enumerate(shown[:BOARD_SIZE], start=1)
    ]
    body = "\n".join(lines) if lines else "No submissions yet. Type /compete to get the files."
    return Reply(f"{head}\n\n{body}", title=f"🏆 {competition.title}")


def shake_up(competition: Competition, rows: Sequence[tuple[CompetitionSubmission, Member]]) -> str:
    """The final standings: private rank, score and the move from the public rank."""
    private = visible(ranked(competition, rows, private=True))
    public = visible(ranked(competition, rows, private=False))
    public_rank = {e.member.id: i for i, e in enumerate(public, start=1)}
    lines = []
    for rank, entry in enumerate(private[:BOARD_SIZE], start=1):
        was = public_rank[entry.member.id]
        move = "=" if was == rank else (f"↑{was - rank}" if was > rank else f"↓{rank - was}")
        lines.append(
            f"{rank}. {entry.member.name} — {score_text(entry.score)} (public rank {was}, {move})"
        )
    return "\n".join(lines) if lines else "Nobody submitted."


def private_board(
    competition: Competition,
    run: CompetitionRun,
    rows: Sequence[tuple[CompetitionSubmission, Member]],
) -> Reply:
    closed = run.closed_at or run.closes_at
    head = (
        f"Final standings, closed {when(closed)}: {metric_name(competition)} on the private "
        f"share of the test set ({direction(competition)}), with each member's move from the "
        "public board."
    )
    return Reply(f"{head}\n\n{shake_up(competition, rows)}", title=f"🏁 {competition.title}")


def open_post(competition: Competition, run: CompetitionRun) -> Reply:
    return Reply(
        f"A new competition is open until {when(run.closes_at)}: {competition.title}.\n"
        "Type /compete for the statement and the files, /compete submit to send your "
        f"predictions (up to {competition.meta.limits.per_day} a day), /compete board for "
        "the public leaderboard.",
        title=f"🏆 Competition: {competition.title}",
        fields=(
            Field("Metric", f"{metric_name(competition)} ({direction(competition)})"),
            Field("Baseline to beat", score_text(competition.meta.baseline.score)),
        ),
        private=False,
    )


def close_post(
    competition: Competition,
    run: CompetitionRun,
    rows: Sequence[tuple[CompetitionSubmission, Member]],
) -> Reply:
    board = private_board(competition, run, rows)
    return Reply(board.text, title=board.title, private=False)
