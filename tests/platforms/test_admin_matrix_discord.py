"""The permission matrix through Discord: every /admin command × moderator / member, sent as
interactions to discord.py's real client against the fake Discord.

A member without Manage Server is refused in an ephemeral reply, with one refused audit row and
no change to any data table; a member whose role grants Manage Server (and nothing else) runs
it, audited ok. /admin is synced with default_member_permissions = Manage Server, so members do
not even see it. The console front door has the same matrix in
tests/integration/test_moderation.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.discord.forms import slash_form_fields
from bot.services.actor import Actor
from tests.integration.test_moderation import audit_rows, snapshot
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    CHANNEL,
    GUILD,
    OWNER,
    answer,
    clock,
    message_of,
    mlpath,
    sleeper,
    start_bot,
    stop_bot,
    text_of,
    world,
)
from tests.platforms.fake_discord import FakeAttachment, FakeDiscord, FakeMember, FakeRole, FakeUser

REFUSED = "is for moderators of this community"
MANAGE_GUILD = discord.Permissions(manage_guild=True).value  # 1 << 5 == 32
MODAL = 9
MODERATOR = 505  # not the owner: only a role granting Manage Server makes them a moderator
MODERATORS_ROLE = 777
LEARNER_ROLE = 333

BANK = """topic: numpy
name: NumPy
questions:
  - id: numpy-901
    difficulty: 1
    step: 2
    stem: "What does np.arange(3) return?"
    choices: ["array([0, 1, 2])", "[0, 1, 2]"]
    answer: 1
    explanation: >-
      np.arange counts from 0 up to, not including, 3 and returns an ndarray, not a list.
"""

# Every moderator command with valid slash options on Discord. A command may have several
# option variants; each is one row of the matrix.
ARGUMENTS: dict[str, tuple[dict[str, Any], ...]] = {
    "admin setup": ({"channel": CHANNEL, "time": "09:00", "timezone": "UTC"},),
    "admin pause": ({},),
    "admin resume": ({},),
    "admin post-now": ({"what": "daily"},),
    "admin roadmap-day": ({"day": 3},),
    "admin roadmap-restart": ({},),
    "admin xp": ({"member": BEN, "amount": 25, "reason": "helped everyone with numpy"},),
    "admin streak-restore": ({"member": BEN, "days": 1, "reason": "the bot was down"},),
    "admin mods": (
        {"change": "add", "member": BEN},
        {"change": "remove", "member": BEN},
        {"change": "list"},
    ),
    "admin audit": ({},),
    "admin export": ({"format": "csv"}, {}),
    "admin stats": ({},),
    "admin quiz disable": ({"question": "numpy-001"},),
    "admin quiz add": ({"topic": "numpy", "difficulty": "easy", "answer": 2},),  # + the modal
    "admin quiz import": ({"bank": FakeAttachment("bank.yaml", BANK.encode(), "text/yaml")},),
    "admin ladder-roles": ({"level": "foundations-learner", "role": LEARNER_ROLE}, {}),
    "admin project reject": ({"member": BEN, "project": "Churn", "reason": "copied"},),
    "admin dashboard": ({}, {"setting": "public", "state": "on"}),
    "admin pair now": ({},),
    "admin pair pause": ({},),
    "admin pair resume": ({},),
    "admin compete open": ({"competition": "churn", "days": 7},),
    "admin compete close": ({},),
}
# What is typed into the modal a slash command opens (its text `form` options).
MODAL_FIELDS: dict[str, dict[str, str]] = {
    "admin quiz add": {
        "stem": "Which attribute holds the shape of an array a?",
        "choices": "len(a)\na.shape\na.size",
        "explanation": "a.shape is one length per axis; len(a) is only the first axis.",
    },
}


def case_id(name: str, options: dict[str, Any]) -> str:
    shown = " ".join(str(v) for v in options.values() if not isinstance(v, FakeAttachment))
    return f"{name} {shown}".strip()[:48]


CASES = [(name, opts) for name, variants in ARGUMENTS.items() for opts in variants]
IDS = [case_id(name, opts) for name, opts in CASES]
MODERATOR_CASES = [
    pytest.param(name, opts, id=cid) for (name, opts), cid in zip(CASES, IDS, strict=True)
]


def matrix_world() -> list[Any]:
    """The shared test guild plus a role granting Manage Server only, held by one member."""
    (guild,) = world()
    guild.roles.append(FakeRole(MODERATORS_ROLE, "moderators", permissions=MANAGE_GUILD))
    guild.members.append(FakeMember(FakeUser(MODERATOR, "mo", "Mo"), roles=[MODERATORS_ROLE]))
    return [guild]


@pytest.fixture
async def fake(mlpath: App, clock: ManualClock) -> AsyncIterator[FakeDiscord]:
    """A set-up group: the owner set it up, Ben checked in and then missed a day."""
    async with FakeDiscord(matrix_world()) as fake:
        bot, task = await start_bot(mlpath)
        await fake.wait_ready()
        setup = await run(fake, "admin setup", ARGUMENTS["admin setup"][0], OWNER)
        assert "Daily posts go to 222" in text_of(setup), text_of(setup)
        await run(fake, "checkin", {}, BEN)
        ben = Actor("discord", str(GUILD), str(BEN), "Ben")
        await mlpath.services.projects.add(ben, "Churn")  # something to reject
        clock.advance(timedelta(days=2))
        yield fake
        await stop_bot(bot, task)


async def reply_of(fake: FakeDiscord, ref: Any) -> dict[str, Any]:
    """The ephemeral reply to an interaction: the callback, or the follow-up after a deferral."""
    return message_of(await answer(fake, ref))


async def run(fake: FakeDiscord, name: str, options: dict[str, Any], user: int) -> dict[str, Any]:
    """``/name options`` as ``user``; a modal it opens is filled in and submitted."""
    ref = await fake.send_interaction(name, options, user_id=user)
    callback = await fake.wait_callback(ref.id)
    body = callback.get("payload_json", callback)
    if body["type"] != MODAL:
        return await reply_of(fake, ref)
    modal = body["data"]
    fields = {c["custom_id"] for row in modal["components"] for c in row["components"]}
    assert fields == set(MODAL_FIELDS[name]), fields
    submitted = await fake.send_interaction(
        custom_id=modal["custom_id"], modal_fields=MODAL_FIELDS[name], user_id=user
    )
    return await reply_of(fake, submitted)


def audit_action(name: str, options: dict[str, Any]) -> str:
    """The action an /admin command records (``mods`` and ``ladder-roles`` say more)."""
    if name == "admin mods":
        return f"mods {options['change']}"
    if name == "admin ladder-roles" and "level" not in options:
        return "ladder-roles list"
    return name.removeprefix("admin ")


def test_the_matrix_covers_every_moderator_command(mlpath: App) -> None:
    specs = [c for c in mlpath.dispatcher.commands.commands if c.moderator]
    moderated = {c.name for c in specs}
    assert set(ARGUMENTS) == moderated, set(ARGUMENTS) ^ moderated
    with_modal = {c.name for c in specs if slash_form_fields(c)}
    assert set(MODAL_FIELDS) == with_modal, set(MODAL_FIELDS) ^ with_modal


@pytest.mark.parametrize(("name", "options"), CASES, ids=IDS)
async def test_members_are_refused_every_admin_command_and_nothing_changes(
    fake: FakeDiscord, mlpath: App, name: str, options: dict[str, Any]
) -> None:
    before, audits = await snapshot(mlpath), await audit_rows(mlpath)
    uploads = len(fake.uploads)
    reply = await run(fake, name, options, ANA)
    assert REFUSED in text_of(reply), text_of(reply)
    assert not reply.get("attachments"), reply  # no export or chart leaks out
    after = await snapshot(mlpath)
    assert len(after["members"]) == len(before["members"]) + 1  # Ana's own enrolment
    after["members"] = [r for r in after["members"] if str(ANA) not in r]
    assert after == before
    new = (await audit_rows(mlpath))[len(audits) :]
    assert new == [(str(ANA), audit_action(name, options), "refused")]
    assert len(fake.uploads) == uploads


@pytest.mark.parametrize(("name", "options"), MODERATOR_CASES)
async def test_manage_server_members_may_run_every_admin_command_and_it_is_audited(
    fake: FakeDiscord, mlpath: App, name: str, options: dict[str, Any]
) -> None:
    audits = await audit_rows(mlpath)
    reply = await run(fake, name, options, MODERATOR)
    shown = text_of(reply)
    assert "for moderators" not in shown and "error id" not in shown, shown
    new = (await audit_rows(mlpath))[len(audits) :]
    assert new == [(str(MODERATOR), audit_action(name, options), "ok")]


async def test_every_admin_command_is_synced_for_manage_server_only(fake: FakeDiscord) -> None:
    """default_member_permissions lives on top-level commands: /admin and all under it."""
    (put,) = fake.requests_matching("PUT", f"/applications/999/guilds/{GUILD}/commands")
    sent = {c["name"]: c for c in put.body}
    stored = {c["name"]: c for c in fake.commands(GUILD)}
    for name in ARGUMENTS:
        top, *path = name.split()
        for synced in (sent[top], stored[top]):
            # discord.py sends the bit field as a number; Discord answers with "32"
            assert int(synced["default_member_permissions"]) == MANAGE_GUILD, (name, synced)
            node = synced
            for word in path:  # the subcommand (group) is really synced under /admin
                node = next(o for o in node.get("options", []) if o["name"] == word)
            assert node["type"] == 1, (name, node)  # a SUB_COMMAND
            assert "default_member_permissions" not in node  # Discord ignores it below the top
    members_see = {n for n in stored if n not in {a.split()[0] for a in ARGUMENTS}}
    assert members_see and all(
        stored[n].get("default_member_permissions") is None for n in members_see
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (MODERATORS_ROLE, "is not below my highest role"),  # raised above the bot below
        (111, "cannot be given to members"),  # @everyone
    ],
)
async def test_a_role_the_bot_cannot_give_is_refused_and_nothing_changes(
    fake: FakeDiscord, mlpath: App, role: int, expected: str
) -> None:
    (guild,) = fake.guilds
    top = max(r.position for r in guild.roles)
    next(r for r in guild.roles if r.id == MODERATORS_ROLE).position = top + 1
    before, audits = await snapshot(mlpath), await audit_rows(mlpath)
    options = {"level": "foundations-learner", "role": role}
    reply = await run(fake, "admin ladder-roles", options, MODERATOR)
    assert expected in str(reply.get("content")), reply
    assert reply.get("flags") == 64  # only the moderator sees it
    assert await snapshot(mlpath) == before and await audit_rows(mlpath) == audits
