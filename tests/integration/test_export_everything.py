"""`/me export` holds everything stored about the member (issue 12, item 11), in fields added
to ``mlpath-export/1`` (none renamed or removed). On SQLite and Postgres."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import update

from bot.bootstrap import App
from bot.db.models import Member
from bot.replies import Reply
from bot.services.actor import Actor
from tests.integration.test_quiz_service import button, question_of

TEAM = "T0TEAM"
ANA = Actor("slack", TEAM, "U0ANA", "ana", "team", "C0STUDY", "Asia/Kolkata")
ADMIN = Actor("slack", TEAM, "U0ADMIN", "admin", "team", "C0STUDY", None, True)
SPEC_KEYS = {  # SPEC §8, and the holds of issue 20: what readers of mlpath-export/1 know
    "id",
    "name",
    "timezone",
    "xp",
    "level",
    "hidden",
    "streak",
    "checkins",
    "quiz",
    "projects",
    "milestones",
    "holds",
}


def document(reply: Reply) -> Any:
    assert reply.attachment is not None, reply.text
    return json.loads(reply.attachment.data)


async def test_me_export_has_settings_answers_cards_ledger_and_roles(app: App) -> None:
    await app.dispatcher.text(ANA, "/checkin")
    await app.dispatcher.text(ANA, "/remind on 07:30")
    asked = await app.dispatcher.text(ANA, "/quiz numpy")
    question = question_of(app, asked)
    wrong = button(asked, False, question)
    label = next(b.label for b in asked.buttons if b.custom_id == wrong)
    await app.dispatcher.press(ANA, wrong)
    await app.dispatcher.text(ADMIN, "/admin mods add <@U0ANA|ana>")
    await app.dispatcher.text(ADMIN, "/admin xp <@U0ANA|ana> 25 ran the study session")
    async with app.uow() as uow:  # a track needs the top of the ladder; set it directly
        await uow.session.execute(
            update(Member).where(Member.user_id == "U0ANA").values(track="architect")
        )
        await uow.commit()

    member = document(await app.dispatcher.text(ANA, "/me export"))["members"][0]
    assert member.keys() >= SPEC_KEYS
    assert member["quiz"].keys() == {"answered", "correct", "mastered_topics"}  # as before
    assert member["quiz"]["answered"] == 1 and member["quiz"]["correct"] == 0
    assert member["platform_timezone"] == "Asia/Kolkata"
    assert member["reminder"] == "07:30"
    assert member["moderator"] is True and member["track"] == "architect"
    assert member["joined"].startswith("2026-01-05T09:00")
    (answer,) = member["quiz_answers"]
    assert answer == {
        "question": question.id,
        "topic": "numpy",
        "mode": "practice",
        "choice": question.choices.index(label) + 1,
        "correct": False,
        "study_day": "2026-01-05",
        "at": answer["at"],
    }
    assert answer["at"].startswith("2026-01-05T09:00")
    (card,) = member["quiz_cards"]
    assert card["question"] == question.id and card["due"].startswith("2026-01-05T09:01")
    assert card["state"] in ("learning", "relearning") and card["card"]["stability"] > 0
    ledger = [(e["amount"], e["reason"], e["study_day"]) for e in member["xp_ledger"]]
    assert ledger == [(10, "checkin", "2026-01-05"), (25, "admin", "2026-01-05")]


async def test_the_community_export_has_the_same_member_fields(app: App) -> None:
    await app.dispatcher.text(ANA, "/checkin")
    await app.dispatcher.text(ANA, "/remind on 07:30")
    whole = document(await app.dispatcher.text(ADMIN, "/admin export json"))
    ana = next(m for m in whole["members"] if m["id"] == "U0ANA")
    own = document(await app.dispatcher.text(ANA, "/me export"))["members"][0]
    assert ana.keys() == own.keys() and ana["reminder"] == "07:30"
    table = await app.dispatcher.text(ADMIN, "/admin export csv")
    assert table.attachment is not None
    rows = list(csv.reader(io.StringIO(table.attachment.data.decode())))
    assert rows[0][:13] == [  # the columns readers know, first and unchanged
        "id",
        "name",
        "timezone",
        "xp",
        "level",
        "hidden",
        "streak_current",
        "streak_longest",
        "freezes",
        "last_study_day",
        "checkins",
        "quiz_answered",
        "quiz_correct",
    ]
    assert rows[0][13:] == ["platform_timezone", "reminder", "moderator", "track"]
    assert next(r for r in rows if r[0] == "U0ANA")[13:] == ["Asia/Kolkata", "07:30", "False", ""]
