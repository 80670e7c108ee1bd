"""Forms on Slack: `/mlpath project add` with nothing typed opens a modal (views.open);
its view_submission runs the command and answers privately."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.bootstrap import App
from bot.clock import ManualClock
from tests.platforms.fake_slack import (
    BoltHTTPServer,
    FakeSlackAPI,
    block_action_body,
)
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    MOD,
    TEAM,
    ask,
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
    view_of,
)

BAD_BANK = "topic: numpy\nquestions:\n  - id: numpy-902\n    difficulty: 9\n    stem: x\n"


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


async def test_project_add_without_arguments_opens_a_form(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    view = await open_form(server, fake, "project add")
    opened = fake.calls_to("views.open")[0]
    assert opened.params["trigger_id"].startswith("trig-")
    assert view["callback_id"] == "mlpath-form"
    fields = inputs(view)
    assert list(fields) == ["name", "repo", "description"]
    assert fields["name"]["optional"] is False and fields["repo"]["optional"] is True
    assert fields["description"]["element"]["multiline"] is True
    assert json.loads(view["private_metadata"])["command"] == "project add"

    bad = await submit(server, fake, view, {"name": "Titanic", "repo": "ftp://x"})
    assert "http(s) link" in bad["text"]
    assert bad["channel"] == "C0000CHAN"
    status, text = await ask(server, fake, command("project list", fake=fake))
    assert "no projects yet" in ephemeral(text)["text"]

    ok = await submit(server, fake, view, {"name": "Titanic", "description": "who survives"})
    assert "Added Titanic" in ok["text"]
    status, text = await ask(server, fake, command("project list", fake=fake))
    assert "Titanic" in json.dumps(ephemeral(text))


async def test_all_arguments_typed_runs_at_once(server: BoltHTTPServer, fake: FakeSlackAPI) -> None:
    status, text = await ask(
        server, fake, command('project add "Titanic" https://github.com/a/b', fake=fake)
    )
    assert "Added Titanic" in ephemeral(text)["text"]
    assert fake.calls_to("views.open") == []


async def test_form_button_opens_project_and_note(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    await ask(server, fake, command('project add "Titanic"', fake=fake))
    press = block_action_body(
        "mlpath:form:project update",
        "mlpath:form:project update",
        user_id=ANA,
        team_id=TEAM,
        trigger_id="press-form",
        response_url=fake.response_url("form"),
    )
    status, _ = await server.post(press)
    assert status == 200
    opened = await fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "press-form"
    view = view_of(opened)
    assert list(inputs(view)) == ["project", "note"]
    done = await submit(server, fake, view, {"project": "titanic", "note": "cleaned data"})
    assert "Noted on Titanic" in done["text"]


async def test_quiz_import_form_takes_pasted_yaml_and_refuses_a_bad_file(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    view = await open_form(server, fake, "admin quiz import", user=MOD)
    (bank,) = inputs(view).values()
    assert bank["block_id"] == "bank" and bank["element"]["multiline"] is True
    refused = await submit(server, fake, view, {"bank": BAD_BANK}, user=MOD)
    assert "pasted.yaml:" in refused["text"] and "Imported" not in refused["text"]
    status, text = await ask(server, fake, command("quiz topics", MOD, fake=fake))
    assert "numpy-902" not in text


async def test_profile_uploads_a_png_and_the_ship_post_is_escaped(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, clock: ManualClock
) -> None:
    await ask(server, fake, command("profile", fake=fake))
    await fake.wait_for("files.completeUploadExternal", timeout=10)
    (png,) = fake.uploads.values()
    assert png.startswith(b"\x89PNG")
    assert fake.calls_to("files.getUploadURLExternal")[0].params["filename"].endswith(".png")

    await ask(server, fake, command("admin setup <#C0STUDY|study> 18:00 UTC", MOD, fake=fake))
    name = "<!channel> <@U0MOD>"
    view = await open_form(server, fake, "project add")
    await submit(server, fake, view, {"name": name, "repo": "https://example.org/repo"})
    status, text = await ask(server, fake, command(f'project update "{name}" a model', fake=fake))
    assert "Noted on" in ephemeral(text)["text"]
    clock.advance(timedelta(days=1))  # a project ships after an update on an earlier day
    status, text = await ask(server, fake, command(f'project ship "{name}"', fake=fake))
    assert "Shipped" in ephemeral(text)["text"]
    await mlpath.services.delivery.drain()
    posts = [
        c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"] == "C0STUDY"
    ]
    rendered = json.dumps([p for p in posts if "shipped" in json.dumps(p).lower()])
    assert "&lt;!channel&gt; &lt;@U0MOD&gt;" in rendered
    assert "<!channel>" not in rendered and "<@U0MOD>" not in rendered
