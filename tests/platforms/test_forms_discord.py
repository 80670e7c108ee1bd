"""Forms on Discord: modals opened by slash commands and form buttons, attachments, files."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.discord.client import MlpathBot
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    CHANNEL,
    EPHEMERAL,
    GUILD,
    OWNER,
    answer,
    clock,
    fake_and_bot,
    message_of,
    mlpath,
    run,
    sleeper,
    start_bot,
    stop_bot,
    text_of,
    world,
)
from tests.platforms.fake_discord import FakeAttachment, FakeDiscord

MODAL = 9
PARAGRAPH, SHORT = 2, 1

GOOD_BANK = """topic: numpy
name: NumPy
questions:
  - id: numpy-901
    difficulty: 1
    step: 2
    stem: "Which NumPy call returns the shape of an array a?"
    choices:
      - "a.shape"
      - "a.size()"
    answer: 1
    explanation: >-
      a.shape is an attribute holding the dimensions; a.size is the element count and not callable.
"""

BAD_BANK = """topic: numpy
questions:
  - id: numpy-902
    difficulty: 9
    stem: "x"
"""


def modal_of(callback: dict[str, Any]) -> dict[str, Any]:
    body = callback.get("payload_json", callback)
    assert body["type"] == MODAL, body
    return body["data"]  # type: ignore[no-any-return]


def inputs(modal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["custom_id"]: c for row in modal["components"] for c in row["components"]}


async def open_modal(
    fake: FakeDiscord, command: str, options: dict[str, Any] | None = None, user: int = ANA
) -> dict[str, Any]:
    ref = await fake.send_interaction(command, options or {}, user_id=user)
    return modal_of(await fake.wait_callback(ref.id))


async def submit(
    fake: FakeDiscord, modal: dict[str, Any], fields: dict[str, str], user: int = ANA
) -> dict[str, Any]:
    ref = await fake.send_interaction(
        custom_id=modal["custom_id"], modal_fields=fields, user_id=user
    )
    return message_of(await answer(fake, ref))


async def test_project_add_is_a_modal_and_its_submission_adds_the_project(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    synced = {c["name"]: c for c in fake.commands(GUILD)}
    add = next(o for o in synced["project"]["options"] if o["name"] == "add")
    assert add.get("options", []) == []  # every field is in the modal
    modal = await open_modal(fake, "project add")
    fields = inputs(modal)
    assert list(fields) == ["name", "repo", "description"]
    assert fields["name"]["style"] == SHORT and fields["name"]["required"] is True
    assert fields["description"]["style"] == PARAGRAPH
    assert fields["repo"]["required"] is False
    assert all(len(f["label"]) <= 45 for f in fields.values())

    bad = await submit(fake, modal, {"name": "Titanic", "repo": "ftp://x", "description": ""})
    assert "http(s) link" in text_of(bad) and bad["flags"] & EPHEMERAL
    assert "no projects yet" in text_of(await run(fake, "project list"))

    modal = await open_modal(fake, "project add")
    ok = await submit(
        fake,
        modal,
        {"name": " Titanic ", "repo": "https://github.com/a/b", "description": "survival"},
    )
    assert "Added Titanic" in text_of(ok)
    assert "Titanic" in text_of(await run(fake, "project list"))


async def test_project_update_modal_keeps_the_slash_project_and_a_form_button_asks_both(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    await submit(fake, await open_modal(fake, "project add"), {"name": "Titanic"})
    modal = await open_modal(fake, "project update", {"project": "titanic"})
    assert list(inputs(modal)) == ["note"]
    done = await submit(fake, modal, {"note": "cleaned the data"})
    assert "Noted on Titanic" in text_of(done)

    ref = await fake.send_interaction(custom_id="mlpath:form:project update", user_id=ANA)
    modal = modal_of(await fake.wait_callback(ref.id))
    fields = inputs(modal)
    assert list(fields) == ["project", "note"]
    assert fields["project"]["style"] == SHORT and fields["note"]["style"] == PARAGRAPH
    done = await submit(fake, modal, {"project": "Titanic", "note": "trained a model"})
    assert "Noted on Titanic" in text_of(done)
    missing = await submit(
        fake,
        await open_modal(fake, "project update", {"project": "nope"}),
        {"note": "x"},
    )
    assert "Traceback" not in text_of(missing)


async def test_quiz_add_by_modal_and_import_by_attachment(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    modal = await open_modal(
        fake, "admin quiz add", {"topic": "numpy", "difficulty": "easy", "answer": 2}, user=OWNER
    )
    assert list(inputs(modal)) == ["stem", "choices", "explanation"]
    added = await submit(
        fake,
        modal,
        {
            "stem": "What does np.zeros(3) return?",
            "choices": "a list\nan array of three zeros\na tuple",
            "explanation": "np.zeros builds an ndarray filled with 0.0; lists and tuples are not.",
        },
        user=OWNER,
    )
    assert "Added" in text_of(added), text_of(added)

    bad = await run(
        fake,
        "admin quiz import",
        {"bank": FakeAttachment("bank.yaml", BAD_BANK.encode(), "text/yaml")},
        user=OWNER,
    )
    assert "bank.yaml:" in text_of(bad), text_of(bad)  # the uploaded file's own name
    assert "Imported" not in text_of(bad)
    good = await run(
        fake,
        "admin quiz import",
        {"bank": FakeAttachment("bank.yaml", GOOD_BANK.encode(), "text/yaml")},
        user=OWNER,
    )
    assert "Imported 1 question" in text_of(good), text_of(good)


async def test_profile_is_a_png_and_the_ship_announcement_pings_no_one(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App, clock: ManualClock
) -> None:
    fake, _ = fake_and_bot
    await run(fake, "checkin")  # a profile is drawn for a member who has used mlpath
    ref = await fake.send_interaction("profile", {}, user_id=ANA)
    upload = await fake.wait_until(
        lambda: next((u for u in fake.uploads if u.filename.endswith(".png")), None),
        10,
        "the profile picture",
    )
    assert upload.data.startswith(b"\x89PNG")
    await fake.wait_callback(ref.id)
    multipart = [r for r in fake.requests if isinstance(r.body, dict) and r.body.get("files")]
    assert any(upload.filename in r.body["files"] for r in multipart)

    await run(
        fake,
        "admin setup",
        {"channel": CHANNEL, "time": "11:00", "timezone": "UTC"},
        user=OWNER,
    )
    name = "@everyone <@&123>"
    await submit(fake, await open_modal(fake, "project add"), {"name": name})
    update = await open_modal(fake, "project update", {"project": name})
    assert "Noted on" in text_of(await submit(fake, update, {"note": "first model"}))
    clock.advance(timedelta(days=1))  # a project ships after an update on an earlier day
    shipped = await run(fake, "project ship", {"project": name, "demo": "https://example.org"})
    assert "Shipped" in text_of(shipped), text_of(shipped)
    await mlpath.services.delivery.drain()
    posts = [r.body for r in fake.requests_matching("POST", f"/channels/{CHANNEL}/messages")]
    announcement = next(p for p in posts if name in json.dumps(p, ensure_ascii=False))
    assert announcement["allowed_mentions"] == {"parse": []}


async def test_a_form_is_answered_after_a_restart_with_what_the_command_carried(
    mlpath: App,
) -> None:
    """Issue 12, item 6: a modal submitted to a new process (a restart, or long after it was
    opened) is answered: its custom id names the command and carries the slash options."""
    async with FakeDiscord(world()) as fake:
        bot, task = await start_bot(mlpath)
        await fake.wait_ready()
        add = await open_modal(fake, "project add")
        quiz = await open_modal(
            fake,
            "admin quiz add",
            {"topic": "numpy", "difficulty": "easy", "answer": 2},
            user=OWNER,
        )
        assert add["custom_id"].startswith("mlpath-form:project add")
        assert len(quiz["custom_id"]) <= 100
        await stop_bot(bot, task)

        bot, task = await start_bot(mlpath)  # a new process: it never saw those modals
        await fake.wait_ready()
        added = await submit(fake, add, {"name": "Titanic", "description": "survival"})
        assert "Added Titanic" in text_of(added), text_of(added)
        question = await submit(
            fake,
            quiz,
            {
                "stem": "What does np.ones(2) return?",
                "choices": "a list\nan array of two ones",
                "explanation": "np.ones builds an ndarray filled with 1.0, not a list.",
            },
            user=OWNER,
        )
        assert "Added" in text_of(question), text_of(question)
        assert "Titanic" in text_of(await run(fake, "project list"))
        await stop_bot(bot, task)
    callbacks = [r for r in fake.requests if r.path.endswith("/callback")]
    assert len(callbacks) == len({r.path for r in callbacks})  # each answered exactly once
    assert fake.refused == []


async def test_a_long_given_option_rides_in_the_form_itself(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    name = "A project with a name long enough " + "x" * 60
    await submit(fake, await open_modal(fake, "project add"), {"name": name})
    modal = await open_modal(fake, "project update", {"project": name})
    assert len(modal["custom_id"]) <= 100
    fields = inputs(modal)
    assert list(fields) == ["project", "note"]
    assert fields["project"]["value"] == name  # prefilled: the id cannot carry it
    done = await submit(fake, modal, {"project": name, "note": "trained a model"})
    assert "Noted on" in text_of(done), text_of(done)


async def test_a_forged_or_stale_form_gets_one_line(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    for custom_id, expected in [
        ('mlpath-form:project update:{"project":', "out of date"),
        ('mlpath-form:admin quiz add:{"difficulty":"99"}', "difficulty must be one of"),
        ("mlpath-form:no such command:", "no longer does anything"),
    ]:
        ref = await fake.send_interaction(
            custom_id=custom_id, modal_fields={"note": "x"}, user_id=ANA
        )
        reply = text_of(message_of(await answer(fake, ref)))
        assert expected in reply, (custom_id, reply)
