"""Malformed input gets one clear line, never an error id (issue 12, item 8): broken links,
forged button ids, and NUL or control characters in typed text and in platform names. On
SQLite and Postgres (where a NUL cannot be stored at all)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.bootstrap import App
from bot.services.actor import Actor
from tests.helpers import console_actor

ANA = console_actor("ana")
LINK = "The {what} must be an http(s) link of up to 300 characters, e.g. https://github.com/you/project."


async def export(app: App, actor: Actor) -> Any:
    reply = await app.dispatcher.text(actor, "/me export")
    assert reply.attachment is not None, reply.text
    return json.loads(reply.attachment.data)


@pytest.mark.parametrize("link", ["http://[::1", "https://[fe80::1", "http://host:99999/x"])
async def test_a_broken_link_is_one_line_in_commands_and_forms(app: App, link: str) -> None:
    added = await app.dispatcher.text(ANA, f"/project add Rocket {link}")
    assert added.text == LINK.format(what="repo") and added.error_id is None
    await app.dispatcher.text(ANA, "/project add Rocket")
    shipped = await app.dispatcher.text(ANA, f"/project ship rocket {link}")
    assert shipped.text == LINK.format(what="demo link") and shipped.error_id is None
    form = app.dispatcher.commands.named("project add")  # what a Discord or Slack form sends
    assert form is not None
    submitted = await app.dispatcher.command(ANA, form, {"name": "Other", "repo": link})
    assert submitted.text == LINK.format(what="repo") and submitted.error_id is None


@pytest.mark.parametrize(
    "custom_id",
    [
        "mlpath:qa:².1",
        "mlpath:qa:1.²",
        "mlpath:qa:١.1",  # an Arabic-Indic digit: isdigit() says yes, int() reads it
        "mlpath:qa:99999999999999999999.1",  # beyond 2⁶³
        "mlpath:qa:2147483648.1",  # beyond a Postgres INTEGER
        "mlpath:qc:9223372036854775808.1",
        "mlpath:qr:1.99999999999999999999.1",
        "mlpath:qr:².1.1",
    ],
)
async def test_a_forged_quiz_button_is_a_stale_button(app: App, custom_id: str) -> None:
    reply = await app.dispatcher.press(ANA, custom_id)
    assert reply.error_id is None, reply.text
    assert reply.text == "That button no longer does anything. Type /quiz for a new question."


@pytest.mark.parametrize("stamp", ["²", "99999999999999999999", "１７００"])
async def test_a_forged_delete_confirmation_expires(app: App, stamp: str) -> None:
    await app.dispatcher.text(ANA, "/checkin")
    reply = await app.dispatcher.press(ANA, f"mlpath:medelete:ana.{stamp}")
    assert reply.text == "That confirmation has expired; start again with /me delete."
    assert (await app.dispatcher.text(ANA, "/streak")).fields[0].value == "1 day"  # kept


async def test_nul_and_control_characters_in_typed_text_are_dropped(app: App) -> None:
    checked = await app.dispatcher.text(ANA, "/checkin read\x00 ch.\x1b 3\r\nthen\tnotes")
    assert checked.text.startswith("Checked in for"), checked.text
    added = await app.dispatcher.text(ANA, '/project add "Ro\x00cket" https://a.example/x done\x07')
    assert added.text.startswith("Added Rocket as an idea"), added.text
    noted = await app.dispatcher.text(ANA, "/project update rocket first\x00 flight")
    assert noted.text.startswith("Noted on Rocket"), noted.text
    exported = await export(app, ANA)
    member = exported["members"][0]
    assert member["checkins"][0]["note"] == "read ch. 3\nthen\tnotes"
    project = member["projects"][0]
    assert (project["name"], project["description"]) == ("Rocket", "done")
    assert project["updates"][0]["note"] == "first flight"


async def test_a_platform_name_with_nul_is_stored_clean_and_every_command_works(
    app: App,
) -> None:
    mallory = Actor("discord", "900", "222", "Mal\x00lory\n\x1b", "Guild\x00", "C1")
    for command in ("/checkin", "/streak", "/quiz numpy", "/me export"):
        reply = await app.dispatcher.text(mallory, command)
        assert reply.error_id is None, (command, reply.text)
    exported = await export(app, mallory)
    assert exported["members"][0]["name"] == "Mallory"
    owner = Actor("discord", "900", "333", "Owner", "Guild", "C1", platform_moderator=True)
    shown = await app.dispatcher.text(owner, "/streak <@222>")
    assert shown.title == "Mallory's streak"
    blank = Actor("discord", "900", "444", "\x00\x01", "Guild", "C1")
    await app.dispatcher.text(blank, "/checkin")
    assert (await app.dispatcher.text(owner, "/streak <@444>")).title == "444's streak"
