"""Slack end to end: the real bolt app over signed HTTP, against a local fake Web API."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from pathlib import Path

import aiohttp

from bot.bootstrap import App
from bot.clock import ManualClock
from tests.platforms.fake_slack import (
    BoltHTTPServer,
    FakeSlackAPI,
    SlackRequestSigner,
    block_action_body,
)
from tests.platforms.slack_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    SECRET,
    TEAM,
    ask,
    clock,
    command,
    ephemeral,
    fake,
    mlpath,
    response_id_of,
    server,
    sleeper,
)


async def test_checkin_uses_the_slack_profile_timezone(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    status, text = await ask(server, fake, command("checkin read ch. 3", fake=fake))
    assert status == 200
    assert "Checked in for Tue 6 Jan 2026" in ephemeral(text)["text"]  # Kathmandu's date
    status, text = await ask(server, fake, command("checkin", BEN, fake=fake))
    assert "Checked in for Mon 5 Jan 2026" in ephemeral(text)["text"]  # Los Angeles' date
    assert {c.params["user"] for c in fake.calls_to("users.info")} == {ANA, BEN}
    # every Web API call went to MLPATH_SLACK_API_URL, with the bot token
    assert all(call.token == "xoxb-test" for call in fake.calls)


async def test_bad_and_stale_signatures_are_refused_and_change_nothing(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    body = command("checkin", fake=fake)
    status, _ = await server.post(body, signer=SlackRequestSigner("wrong-secret"))
    assert status == 401
    status, _ = await server.post(body, timestamp=int(time.time()) - 301)
    assert status == 401
    assert fake.calls == []
    status, text = await ask(server, fake, command("streak", fake=fake))
    assert "You have not checked in for today yet" in ephemeral(text)["text"]


async def test_a_slack_retry_never_applies_twice(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    body = command("checkin first try", fake=fake)
    status, text = await ask(server, fake, body)
    assert "Streak: 1 day" in ephemeral(text)["text"]
    status, text = await server.post(body, retry_num=1)
    assert status == 200 and text == ""
    await server.drain()
    assert len(fake.responses) == 1  # the retry was acked and not answered again
    status, text = await ask(server, fake, command("me export", fake=fake))
    upload = await fake.wait_for("files.completeUploadExternal")
    exported = json.loads(next(iter(fake.uploads.values())))
    assert exported["format"] == "mlpath-export/1"
    member = exported["members"][0]
    assert member["xp"] == 10 and len(member["checkins"]) == 1
    assert member["checkins"][0]["note"] == "first try"
    opened = fake.calls_to("conversations.open")[0]
    assert opened.params["users"] == ANA  # the file goes to Ana's DM, nowhere public
    assert upload.params["channel_id"] == "D" + ANA[1:]


async def test_mentions_and_unknown_members(server: BoltHTTPServer, fake: FakeSlackAPI) -> None:
    await ask(server, fake, command("checkin", BEN, fake=fake))
    status, text = await ask(server, fake, command("streak <@U0BEN|ben>", fake=fake))
    body = ephemeral(text)
    assert body["text"].startswith("ben's streak")  # his display name from users.info
    status, text = await ask(server, fake, command("streak <@U0NOBODY|ghost>", fake=fake))
    assert "ghost has not used mlpath" in ephemeral(text)["text"]


async def test_user_text_can_never_ping(server: BoltHTTPServer, fake: FakeSlackAPI) -> None:
    status, text = await ask(server, fake, command("streak <!channel>", fake=fake))
    rendered = json.dumps(ephemeral(text))
    assert "<!channel>" not in rendered and "&lt;!channel&gt;" in rendered
    status, text = await ask(server, fake, command("timezone <!here>", fake=fake))
    assert "<!here>" not in json.dumps(ephemeral(text))


async def test_bad_input_gets_one_private_line(server: BoltHTTPServer, fake: FakeSlackAPI) -> None:
    for text, expected in [
        ("checkn", "Unknown command /checkn"),
        ("timezone Mars/Base", "not a timezone I know"),
        ("streak a b", "I did not expect"),
        ("checkin " + "x" * 600, "keep it to 500"),
    ]:
        status, body = await ask(server, fake, command(text, fake=fake))
        assert status == 200
        reply = ephemeral(body)
        assert expected in reply["text"], reply["text"]
        assert "Traceback" not in body
    status, body = await ask(server, fake, command("streak", fake=fake))
    assert "not checked in for today" in ephemeral(body)["text"]


async def test_checkin_button_works_and_counts_once(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    status, text = await ask(server, fake, command("streak", fake=fake))
    actions = [b for b in ephemeral(text)["blocks"] if b["type"] == "actions"]
    button = actions[0]["elements"][0]
    assert button["text"]["text"] == "Check in"
    for attempt in range(2):
        press = block_action_body(
            button["action_id"],
            button["value"],
            user_id=ANA,
            team_id=TEAM,
            trigger_id=f"press-{attempt}",
            response_url=fake.response_url(f"press{attempt}"),
        )
        status, _ = await server.post(press)
        assert status == 200
    await server.drain()
    texts = [r.body["text"] for r in fake.responses]
    assert any("Streak: 1 day" in t for t in texts)
    assert any("already checked in" in t for t in texts)
    assert all(r.body["response_type"] == "ephemeral" for r in fake.responses)


async def test_mlpath_run_slack_http_serves_signed_commands(
    tmp_path: Path, fake: FakeSlackAPI
) -> None:
    """The real `mlpath run slack --http --port N` process, end to end."""
    from bench.slack_burst import free_port, slack_http_process
    from tests.platforms.fake_slack import post_signed

    db = f"sqlite+aiosqlite:///{tmp_path / 'run.db'}"
    ops = free_port()
    ops_at = f"127.0.0.1:{ops}"
    async with slack_http_process(db, fake.base_url, SECRET, ops_port=ops) as bot:
        url = bot.endpoint
        async with aiohttp.ClientSession() as http:
            for _ in range(50):  # the scheduler starts just after the Slack listener
                async with http.get(f"http://{ops_at}/readyz") as r:
                    ready = (r.status, await r.json())
                if ready[0] == 200:
                    break
                await asyncio.sleep(0.1)
            assert ready == (
                200,
                {
                    "ready": True,
                    "checks": {"database": True, "slack": True, "scheduler": True},
                    "down": [],
                },
            )
        body = command("checkin from a real process", fake=fake)
        status, text = await post_signed(url, body, signer=SlackRequestSigner(SECRET))
        assert status == 200 and text == ""  # acked at once; the answer follows
        reply = await fake.wait_for_response_to(response_id_of(body), timeout=10)
        assert "Checked in for" in reply.body["text"]
        status, _ = await post_signed(url, body, signer=SlackRequestSigner("nope"))
        assert status == 401
        async with aiohttp.ClientSession() as http, http.get(f"http://{ops_at}/metrics") as r:
            scraped = await r.text()
        assert 'mlpath_commands_total{command="checkin",outcome="ok"} 1.0' in scraped


async def test_setup_posts_and_reminders_go_through_the_web_api(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App
) -> None:
    fake.add_user("U0BOSS", tz="UTC", is_admin=True, real_name="Boss", name="boss")
    refused = ephemeral(
        (await ask(server, fake, command("admin setup <#C0STUDY|study> 18:00 UTC", fake=fake)))[1]
    )
    assert "for moderators" in refused["text"]
    fake.set_response("conversations.info", {"ok": False, "error": "channel_not_found"})
    missing = ephemeral(
        (
            await ask(
                server, fake, command("admin setup <#C0NOPE|nope> 18:00 UTC", "U0BOSS", fake=fake)
            )
        )[1]
    )
    assert "cannot find the channel `C0NOPE`" in missing["text"]
    fake.set_response("conversations.info", None)
    ok = ephemeral(
        (
            await ask(
                server, fake, command("admin setup <#C0STUDY|study> 18:00 UTC", "U0BOSS", fake=fake)
            )
        )[1]
    )
    assert "Daily posts go to C0STUDY at 18:00 UTC" in ok["text"]
    await ask(
        server, fake, command("remind on 00:00", fake=fake)
    )  # Ana: Kathmandu, 00:15 there now
    await mlpath.services.daily.run_due()
    await mlpath.services.daily.run_due_reminders()
    await mlpath.services.delivery.drain()
    posts = fake.calls_to("chat.postMessage")
    channels = [c.params["channel"] for c in posts]
    assert channels.count("C0STUDY") == 2  # the day's post and its challenge
    day = next(c for c in posts if c.params["channel"] == "C0STUDY")
    blocks = day.params["blocks"]
    assert blocks[-1]["elements"][0]["action_id"] == "mlpath:checkin:"
    assert ANA in channels  # the reminder: a DM (user id as channel) at midnight her time


async def test_channel_posts_escape_names_and_members_cannot_moderate(
    server: BoltHTTPServer, fake: FakeSlackAPI, mlpath: App, clock: ManualClock
) -> None:
    fake.add_user("U0BOSS", tz="UTC", is_admin=True, real_name="Boss", name="boss")
    fake.add_user("U0LOUD", tz="UTC", real_name="Loud", name="<!channel> <@U0BOSS>")
    refused = ephemeral((await ask(server, fake, command("admin audit", fake=fake)))[1])
    assert "for moderators" in refused["text"]
    await ask(server, fake, command("admin setup <#C0STUDY|study> 23:59 UTC", "U0BOSS", fake=fake))
    for _ in range(7):
        await ask(server, fake, command("checkin <!here> done", "U0LOUD", fake=fake))
        clock.advance(timedelta(days=1))
    await mlpath.services.delivery.drain()
    posts = [c.params for c in fake.calls_to("chat.postMessage")]
    milestone = next(p for p in posts if "7-day streak" in json.dumps(p))
    rendered = json.dumps(milestone)
    assert "<!channel>" not in rendered and "<@U0BOSS>" not in rendered
    assert "&lt;!channel&gt; &lt;@U0BOSS&gt; has studied 7 days" in rendered


async def test_the_home_tab_shows_the_streak_and_its_button_works(
    server: BoltHTTPServer, fake: FakeSlackAPI
) -> None:
    from tests.platforms.fake_slack import app_home_opened_event, event_body

    body = event_body(app_home_opened_event(ANA), event_id="Ev1", team_id=TEAM)
    status, _ = await server.post(body)
    assert status == 200
    await server.post(body, retry_num=1)  # Slack's retry is answered, not processed again
    await server.drain()
    published = fake.calls_to("views.publish")
    assert len(published) == 1 and published[0].params["user_id"] == ANA
    home = json.dumps(published[0].params["view"])
    assert "Your mlpath" in home and "mlpath:checkin:" in home
    press = block_action_body(
        "mlpath:checkin:",
        "mlpath:checkin:",
        user_id=ANA,
        team_id=TEAM,
        response_url="",
        trigger_id="home-press",
        view={"type": "home", "id": "V1"},
    )
    status, _ = await server.post(press)
    await server.drain()
    dm = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == ANA]
    assert dm and "Checked in for" in json.dumps(dm[-1].params)
