"""The Slack Home tab: the member's dashboard, published when opened and after their actions."""

from __future__ import annotations

import json

from bot.bootstrap import App
from tests.platforms.fake_slack import (
    BoltHTTPServer,
    FakeSlackAPI,
    app_home_opened_event,
    event_body,
)
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    TEAM,
    ask,
    clock,
    command,
    ephemeral,
    fake,
    mlpath,
    server,
    sleeper,
)


async def test_a_newcomer_is_welcomed_and_not_enrolled_by_looking(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    await server.post(event_body(app_home_opened_event(ANA), team_id=TEAM))
    home = json.dumps((await fake.wait_for("views.publish")).params["view"], ensure_ascii=False)
    assert "Welcome!" in home and "mlpath:checkin:" in home
    async with mlpath.uow(write=False) as uow:
        community = await uow.communities.get("slack", TEAM)
        assert community is None or await uow.members.get(community.id, ANA) is None


async def test_home_shows_the_dashboard_and_is_refreshed_after_a_checkin(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    await ask(server, fake, command("me show", fake=fake))  # Ana has used mlpath before
    await server.drain()
    assert fake.calls_to("views.publish") == []  # a tab she never opened is not drawn
    status, _ = await server.post(event_body(app_home_opened_event(ANA), team_id=TEAM))
    assert status == 200
    first = await fake.wait_for("views.publish", count=1)
    assert first.params["user_id"] == ANA
    view = first.params["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    home = json.dumps(view, ensure_ascii=False)
    assert "*Streak*" in home
    assert mlpath.catalog.ladder.levels[0].name in home
    assert "Next: " in home and "Missing: " in home
    assert "Practice due" in home
    assert "not checked in yet" in home
    assert "mlpath:checkin:" in home

    status, text = await ask(server, fake, command("checkin", fake=fake))
    assert "Checked in" in ephemeral(text)["text"]
    again = await fake.wait_for("views.publish", count=2)
    assert "checked in ✅" in json.dumps(again.params["view"], ensure_ascii=False)


async def test_a_failing_dashboard_becomes_an_error_id_not_a_crash(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("boom")

    mlpath.services.career.dashboard = broken  # type: ignore[method-assign,assignment]
    await server.post(event_body(app_home_opened_event(ANA), team_id=TEAM))
    published = await fake.wait_for("views.publish")
    assert "error id" in json.dumps(published.params["view"])
