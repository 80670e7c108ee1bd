"""The permission matrix through Slack: every /admin command × moderator / member, sent as
signed requests to the real bolt app against the fake Web API.

A member (no workspace admin) is refused privately, with one refused audit row and no change
to any data table; a workspace admin (users.info is_admin) runs it, audited ok. The console
front door has the same matrix in tests/integration/test_moderation.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.slack.app import build_slack_app
from tests.integration.test_moderation import ONE_QUESTION, audit_rows, snapshot
from tests.platforms.fake_slack import (
    BoltHTTPServer,
    FakeSlackAPI,
    SlackRequestSigner,
)
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    MOD,
    SECRET,
    TEAM,
    clock,
    command,
    ephemeral,
    fake,
    mlpath,
    next_trigger,
    open_form,
    server,
    sleeper,
    submit,
)

REFUSED = "is for moderators of this community"
BOSS = "U0BOSS"

# Every moderator command with valid arguments on Slack (channels and members as Slack sends
# them). A command may have several argument variants; each is one row of the matrix.
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "admin setup": ("<#C0STUDY|study> 09:00 UTC",),
    "admin pause": ("",),
    "admin resume": ("",),
    "admin post-now": ("daily",),
    "admin roadmap-day": ("3",),
    "admin roadmap-restart": ("",),
    "admin xp": (f"<@{BEN}|ben> 25 helped everyone with numpy",),
    "admin streak-restore": (f"<@{BEN}|ben> 1 the bot was down",),
    "admin mods": (f"add <@{BEN}|ben>", f"remove <@{BEN}|ben>", "list"),
    "admin audit": ("",),
    "admin export": ("csv", "json"),
    "admin stats": ("",),
    "admin quiz disable": ("numpy-001",),
    "admin quiz add": (
        'numpy 1 2 "Which attribute holds the shape of an array a?" '
        '"len(a) | a.shape | a.size" a.shape is one length per axis; len(a) is only the first axis',
    ),
    "admin quiz import": (ONE_QUESTION,),
    # Slack has no roles: a level's role can only be removed (or the mapping listed).
    "admin ladder-roles": ("foundations-learner", ""),
    "admin project reject": (f"<@{BEN}|ben> churn copied from a tutorial",),
    "admin dashboard": ("", "public on"),
    "admin pair now": ("",),
    "admin pair pause": ("",),
    "admin pair resume": ("",),
    "admin compete open": ("churn 7",),
    "admin compete close": ("",),
}
CASES = [(name, args) for name, variants in ARGUMENTS.items() for args in variants]
IDS = [f"{name} {args}".strip()[:48] for name, args in CASES]
MODERATOR_CASES = [
    pytest.param(name, args, id=case_id) for (name, args), case_id in zip(CASES, IDS, strict=True)
]

# The fields typed into the form (a modal) of each moderator command that has one.
FORMS: dict[str, tuple[str, dict[str, str]]] = {
    "admin quiz add": (
        "numpy 1 2",
        {
            "stem": "Which attribute holds the shape of an array a?",
            "choices": "len(a)\na.shape\na.size",
            "explanation": "a.shape is one length per axis; len(a) is only the first axis.",
        },
    ),
    "admin quiz import": (
        "",
        {
            "bank": "topic: numpy\nname: NumPy\nquestions:\n  - id: numpy-901\n"
            "    difficulty: 1\n    step: 2\n"
            '    stem: "What does np.arange(3) return?"\n'
            '    choices: ["array([0, 1, 2])", "[0, 1, 2]"]\n    answer: 1\n'
            '    explanation: "np.arange counts from 0 up to, not including, 3 and returns an '
            'ndarray, not a list."\n'
        },
    ),
}


@pytest.fixture
async def group(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, clock: ManualClock
) -> AsyncIterator[BoltHTTPServer]:
    """A set-up group: the admin set it up, Ben checked in and then missed a day."""
    reply = await ask(server, fake, f"admin setup {ARGUMENTS['admin setup'][0]}", MOD)
    assert "Daily posts go to C0STUDY" in reply["text"], reply
    await ask(server, fake, "checkin", BEN)
    added = await ask(server, fake, "project add Churn", BEN)  # something to reject
    assert "Added Churn" in added["text"], added
    clock.advance(timedelta(days=2))
    yield server


async def ask(server: BoltHTTPServer, fake: FakeSlackAPI, text: str, user: str) -> dict[str, Any]:
    """``/mlpath text`` as ``user``: the reply, inline in the HTTP answer or via response_url
    (a slow reply, or one with a file)."""
    rid = f"matrix{next_trigger()}"
    count = len(fake.responses) + 1
    status, body = await server.post(command(text, user, response_url=fake.response_url(rid)))
    assert status == 200
    if body:
        return ephemeral(body)
    await fake.wait_for_response(timeout=10, count=count)
    (response,) = [r for r in fake.responses if r.response_id == rid]
    assert response.body["response_type"] == "ephemeral", response.body
    return response.body


def without(rows: list[tuple[str, ...]], user: str) -> list[tuple[str, ...]]:
    return [r for r in rows if user not in r]


def test_the_matrix_covers_every_moderator_command(mlpath: App) -> None:
    moderated = {c.name for c in mlpath.dispatcher.commands.commands if c.moderator}
    assert set(ARGUMENTS) == moderated, set(ARGUMENTS) ^ moderated
    with_form = {c.name for c in mlpath.dispatcher.commands.commands if c.moderator and c.form}
    assert set(FORMS) == with_form, set(FORMS) ^ with_form


@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
async def test_members_are_refused_every_admin_command_and_nothing_changes(
    group: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, name: str, args: str
) -> None:
    before, audits = await snapshot(mlpath), await audit_rows(mlpath)
    reply = await ask(group, fake, f"{name} {args}", ANA)
    assert REFUSED in reply["text"], reply
    after = await snapshot(mlpath)
    assert len(after["members"]) == len(before["members"]) + 1  # Ana's own enrolment
    after["members"] = without(after["members"], ANA)
    assert after == before
    assert (await audit_rows(mlpath))[len(audits) :] == [(ANA, audit_action(name, args), "refused")]
    assert not fake.calls_to("files.completeUploadExternal")  # no export leaked to a DM


@pytest.mark.parametrize(("name", "args"), MODERATOR_CASES)
async def test_workspace_admins_may_run_every_admin_command_and_it_is_audited(
    group: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, name: str, args: str
) -> None:
    audits = await audit_rows(mlpath)
    reply = await ask(group, fake, f"{name} {args}", MOD)
    assert "for moderators" not in reply["text"] and "error id" not in reply["text"], reply
    assert (await audit_rows(mlpath))[len(audits) :] == [(MOD, audit_action(name, args), "ok")]


@pytest.mark.parametrize("name", list(FORMS))
async def test_a_form_submitted_by_a_member_is_refused_and_changes_nothing(
    group: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, name: str
) -> None:
    given, fields = FORMS[name]
    view = await open_form(group, fake, f"{name} {given}", ANA)
    before, audits = await snapshot(mlpath), await audit_rows(mlpath)
    reply = await submit(group, fake, view, fields, ANA)
    assert REFUSED in reply["text"], reply
    after = await snapshot(mlpath)
    after["members"] = without(after["members"], ANA)
    assert after == before
    assert (await audit_rows(mlpath))[len(audits) :] == [
        (ANA, name.removeprefix("admin "), "refused")
    ]


@pytest.mark.parametrize("name", list(FORMS))
async def test_a_form_submitted_by_an_admin_runs_and_is_audited(
    group: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, name: str
) -> None:
    given, fields = FORMS[name]
    view = await open_form(group, fake, f"{name} {given}", MOD)
    audits = await audit_rows(mlpath)
    reply = await submit(group, fake, view, fields, MOD)
    assert "for moderators" not in reply["text"] and "error id" not in reply["text"], reply
    assert "numpy" in reply["text"].lower(), reply  # "Added c1-numpy-…" / "Imported … NumPy"
    assert (await audit_rows(mlpath))[len(audits) :] == [(MOD, name.removeprefix("admin "), "ok")]


async def test_workspace_owners_moderate_too(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    fake.add_user(BOSS, tz="UTC", real_name="Boss", name="boss", is_owner=True)
    reply = await ask(server, fake, "admin audit", BOSS)
    assert "for moderators" not in reply["text"] and "Audit log" in reply["text"], reply
    assert (await audit_rows(mlpath))[-1] == (BOSS, "audit", "ok")


async def test_members_listed_in_mlpath_slack_admins_moderate_too(
    fake: FakeSlackAPI, mlpath: App
) -> None:
    fake.add_user(BOSS, tz="UTC", real_name="Boss", name="boss")  # no workspace power
    mlpath.settings.slack_admins = [BOSS]  # read when the bolt app is built
    bolt = build_slack_app(mlpath)
    async with BoltHTTPServer(bolt, signer=SlackRequestSigner(SECRET)) as door:
        reply = await ask(door, fake, "admin audit", BOSS)
        assert "for moderators" not in reply["text"] and "Audit log" in reply["text"], reply
        assert (await audit_rows(mlpath))[-1] == (BOSS, "audit", "ok")
        refused = await ask(door, fake, "admin audit", ANA)
        assert REFUSED in refused["text"]


def audit_action(name: str, args: str) -> str:
    """The action an /admin command records (``mods`` and ``ladder-roles`` say more)."""
    action = name.removeprefix("admin ")
    if name == "admin mods":
        return f"mods {args.split()[0]}"
    if name == "admin ladder-roles" and not args:
        return "ladder-roles list"
    return action
