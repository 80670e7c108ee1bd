"""Competitions through the service (SQLite and Postgres): open, fetch the files, submit a good
and a malformed file, the daily limit, final picks, the board without hidden members, the close
once with its XP and post, export and erasure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.competitions.datasets import build_dataset
from bot.db.models import CompetitionRun, CompetitionSubmission, Member, OutboxMessage, XpEvent
from bot.domain.errors import BadInput, Forbidden, UserError
from bot.services.competitions import BASELINE_XP, FIRST_XP, TOP_XP, competitions_json
from tests.helpers import console_actor
from tests.platforms.test_console import mlpath as mlpath_cli

MOD, ANA, BO = console_actor("Mod"), console_actor("Ana"), console_actor("Bo")


async def _open(app: App) -> bytes:
    """Open churn; the perfect predictions' CSV (built from the stored salt)."""
    reply = await app.services.competitions.open(MOD, "churn")
    assert "is open until" in reply.text
    async with app.uow(write=False) as uow:
        run = (await uow.session.scalars(select(CompetitionRun))).one()
    assert len(run.salt) == 32
    competition = app.services.competitions.competition("churn")
    answers = build_dataset(competition, run.salt).answers
    rows = "".join(f"{i},{float(t)}\n" for i, t in zip(answers.ids, answers.target, strict=True))
    return f"id,churned\n{rows}".encode()


async def _posts(app: App, kind: str = "compete") -> list[str]:
    async with app.uow(write=False) as uow:
        stmt = select(OutboxMessage.key).where(OutboxMessage.kind == kind)
        return list((await uow.session.scalars(stmt)).all())


async def test_a_whole_competition(app: App, clock: ManualClock) -> None:
    compete = app.services.competitions
    perfect = await _open(app)  # Mod, the console's first member, moderates
    assert await _posts(app) == ["open:1"]
    with pytest.raises(Forbidden):
        await compete.close(ANA)
    with pytest.raises(UserError, match="still open"):
        await compete.open(MOD, "noisy-digits")

    shown = await compete.show(ANA)
    assert [f.filename for f in shown.files] == [
        "train.csv",
        "test.csv",
        "sample_submission.csv",
    ]
    sample = shown.files[2].data
    first = await compete.submit(ANA, sample, "sample_submission.csv")
    assert "Submission 1 scored 0.5000 ROC AUC" in first.text
    assert f"+{FIRST_XP} XP" in first.text and "baseline" not in first.text
    best = await compete.submit(ANA, perfect, "perfect.csv")
    assert "Submission 2 scored 1.0000" in best.text and f"+{BASELINE_XP} XP" in best.text

    with pytest.raises(BadInput) as bad:
        await compete.submit(BO, b"id,churned\n1,abc\n", "bad.csv")
    assert "line 2:" in bad.value.message and "have no row" in bad.value.message
    with pytest.raises(BadInput, match="csv"):
        await compete.submit(BO, b"x", "model.py")
    await compete.submit(BO, sample, "s.csv")

    board = await compete.board(BO)
    assert "1. Ana — 1.0000 (2 submissions)" in board.text
    assert "2. Bo — 0.5000" in board.text
    async with app.uow() as uow:
        await uow.session.execute(update(Member).where(Member.user_id == "bo").values(hidden=True))
        await uow.commit()
    assert "Bo" not in (await compete.board(MOD)).text

    # the daily limit: 5 valid ones a study day; malformed ones do not count
    for _ in range(3):
        await compete.submit(ANA, sample, "s.csv")
    with pytest.raises(UserError, match="daily limit"):
        await compete.submit(ANA, perfect, "p.csv")

    # Ana picks the constant one: it counts at the close, so Bo's tie comes after hers
    assert "counts at the close" in (await compete.final(ANA, 1)).text
    with pytest.raises(BadInput, match="from 1 to 5"):
        await compete.final(ANA, 9)

    closed = await compete.close(MOD)
    assert "closed" in closed.text
    assert not await compete.finish(1)  # once only
    assert sorted(await _posts(app)) == ["close:1", "open:1"]
    final = await compete.board(ANA)
    assert "Final standings" in final.text and "1. Ana — 0.5000 (public rank 1, =)" in final.text
    assert "Bo" not in final.text
    with pytest.raises(UserError, match="No competition is open"):
        await compete.submit(ANA, perfect, "p.csv")

    async with app.uow(write=False) as uow:
        stmt = select(Member.user_id, func.sum(XpEvent.amount)).join(
            Member, Member.id == XpEvent.member_id
        )
        xp = dict(
            (
                await uow.session.execute(
                    stmt.where(XpEvent.reason == "competition").group_by(Member.user_id)
                )
            ).all()
        )
    assert xp == {"ana": FIRST_XP + BASELINE_XP + TOP_XP[0], "bo": FIRST_XP + TOP_XP[1]}

    async with app.uow() as uow:
        ana = (await uow.session.scalars(select(Member).where(Member.user_id == "ana"))).one()
        exported = await competitions_json(uow, ana)
        assert len(exported) == 5 and exported[0]["private_score"] == 0.5
        assert all(len(str(e["sha256"])) == 64 and "data" not in e for e in exported)
        await uow.members.erase(ana, ana.community_id)
        await uow.commit()
    async with app.uow(write=False) as uow:
        left = await uow.session.scalar(select(func.count(CompetitionSubmission.id)))
    assert left == 1  # Bo's


async def test_the_deadline_closes_once_from_the_sweep(app: App, clock: ManualClock) -> None:
    compete = app.services.competitions
    await _open(app)
    assert await compete.close_due() == 0
    clock.advance(timedelta(days=15))
    assert await compete.close_due() == 1
    assert await compete.close_due() == 0
    assert sorted(await _posts(app)) == ["close:1", "open:1"]


def test_the_console_fetches_the_files_and_uploads_a_csv(tmp_path: Path) -> None:
    files = tmp_path / "files"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,churned\n1,=cmd\n")
    script = "\n".join(
        [
            "/admin compete open churn",
            ":as ana",
            "/compete",
            f":upload {files / 'local-ana-sample_submission.csv'}",
            ":as bo",
            f":upload {bad}",
            ":as you",
            "/compete board",
            "/admin compete close",
        ]
    )
    result = mlpath_cli(
        "shell",
        "--db",
        f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}",
        "--now",
        "2026-03-01T10:00",
        "--tz",
        "UTC",
        "--files",
        str(files),
        stdin=script + "\n",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert f"file: {files / 'local-ana-train.csv'}" in out
    assert "Submission 1 scored 0.5000 ROC AUC" in out
    assert "Not accepted:" in out and "line 2:" in out
    assert "1. ana — 0.5000 (1 submission)" in out
    assert "Final standings" in out and "Traceback" not in out + result.stderr
