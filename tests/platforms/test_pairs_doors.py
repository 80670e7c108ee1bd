"""A study-pair round through each front door: Discord DMs against the fake gateway (exactly
once across a restart), a Slack group DM against the fake Web API, the console's printout."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.slack.app import build_slack_app
from bot.platforms.slack.http import SlackHTTP
from tests.platforms import discord_support as ds
from tests.platforms import slack_support as ss
from tests.platforms.fake_discord import FakeDiscord
from tests.platforms.fake_slack import BoltHTTPServer, FakeSlackAPI, SlackRequestSigner
from tests.platforms.test_console import mlpath

INTRO = "🤝 Your study pair"


def _app(db_url: str, catalog: Catalog, clock: ManualClock, **settings: object) -> App:
    return build(
        Settings(database_url=db_url, **settings),  # type: ignore[arg-type]
        clock=clock,
        catalog=catalog,
        sleeper=ManualSleeper(clock),
        round_lead_in=timedelta(0),
    )


# --- Discord --------------------------------------------------------------------------------


async def test_a_discord_round_sends_each_member_one_dm_across_a_restart(
    db_url: str, catalog: Catalog
) -> None:
    clock = ManualClock(ds.START)  # Mon 12:00 UTC: the 09:00 round is due
    async with FakeDiscord(ds.world()) as fake:
        first = _app(db_url, catalog, clock)
        bot, task = await ds.start_bot(first)
        await fake.wait_ready()
        for user in (ds.ANA, ds.BEN, ds.CY):
            joined = await ds.run(fake, "pair join", {"cadence": "weekly"}, user=user)
            assert "You are in the study pairs" in ds.text_of(joined)
        assert await first.services.pairs.rounds.run_due() == 3  # a trio: a DM each
        await ds.stop_bot(bot, task)  # the process stops before delivering anything
        await first.aclose()

        second = _app(db_url, catalog, clock)  # the restart
        bot, task = await ds.start_bot(second)
        try:
            assert await second.services.pairs.rounds.run_due() == 0, "held once"
            await second.services.delivery.drain()
            assert await second.services.pairs.rounds.run_due() == 0
            await second.services.delivery.drain()
            for user, others in ((ds.ANA, "Ben and Cy"), (ds.BEN, "Ana and Cy")):
                (message,) = fake.channel_messages(fake._dm_channels[user])
                embed = message["embeds"][0]
                assert embed["title"] == INTRO
                assert embed["description"].startswith(f"Meet {others}: your study partners")
                names = [f["name"] for f in embed["fields"]]
                assert names[:2] == ["Who", "Agenda, 30 minutes"]
                assert names[2].startswith("Mock interview")
            status = await ds.run(fake, "pair status", user=ds.CY)
            assert "Ana, Ben" in ds.text_of(status)

            clock.advance(timedelta(days=3))  # Thursday 12:00 UTC: "Did you meet?"
            assert await second.services.pairs.rounds.run_due() == 3
            await second.services.delivery.drain()
            for user, said in ((ds.ANA, "When your partner says yes too"), (ds.BEN, "You met")):
                asked = fake.channel_messages(fake._dm_channels[user])[-1]
                assert asked["embeds"][0]["title"] == "Did you meet?"
                yes = ds.buttons(asked)[0]
                assert yes["custom_id"].startswith(f"mlpath@{ds.GUILD}:pairmet:")
                ref = await fake.send_interaction(
                    custom_id=yes["custom_id"], message_id=int(asked["id"]), user_id=user, dm=True
                )
                assert said in ds.text_of(ds.message_of(await ds.answer(fake, ref)))
        finally:
            await ds.stop_bot(bot, task)
            await second.aclose()


# --- Slack ----------------------------------------------------------------------------------


@pytest.fixture
async def slack(
    db_url: str, catalog: Catalog, fake: FakeSlackAPI
) -> AsyncIterator[tuple[App, BoltHTTPServer, ManualClock]]:
    clock = ManualClock(datetime(2026, 1, 12, 8, 0, tzinfo=UTC))
    app = _app(
        db_url,
        catalog,
        clock,
        slack_bot_token="xoxb-test",
        slack_signing_secret=ss.SECRET,
        slack_api_url=fake.base_url,
    )
    bolt = build_slack_app(app)
    front = SlackHTTP(bolt, ss.SECRET).handle
    signer = SlackRequestSigner(ss.SECRET)
    async with BoltHTTPServer(bolt, signer=signer, handler=front) as server:
        yield app, server, clock
    await app.aclose()


fake = ss.fake  # the fake Web API fixture, with Ana (Kathmandu) and Ben (Los Angeles)


async def test_a_slack_round_opens_a_group_dm_with_both_members(
    slack: tuple[App, BoltHTTPServer, ManualClock], fake: FakeSlackAPI
) -> None:
    app, server, clock = slack
    for user in (ss.ANA, ss.BEN):
        _, reply = await ss.ask(server, fake, ss.command("pair join", user, fake=fake))
        assert "You are in the study pairs" in ss.ephemeral(reply)["text"]
    _, bad = await ss.ask(server, fake, ss.command("pair join monthly", ss.ANA, fake=fake))
    assert ss.one_private_line(bad) == "cadence must be one of: weekly, biweekly."
    clock.set(datetime(2026, 1, 12, 9, 0, tzinfo=UTC))  # Monday, the post time
    assert await app.services.pairs.rounds.run_due() == 1
    await app.services.delivery.drain()
    (opened,) = fake.calls_to("conversations.open")
    assert sorted(opened.params["users"].split(",")) == [ss.ANA, ss.BEN]
    (intro,) = [
        c for c in fake.calls_to("chat.postMessage") if "Your study pair" in json.dumps(c.params)
    ]
    assert intro.params["channel"].startswith("G")  # the group DM, not a channel
    text = ss.shown(intro.params)
    assert "ana and ben: you are study partners this week" in text
    assert "Asia/Kathmandu" in text and "America/Los_Angeles" in text
    assert "A strong answer covers" in text


# --- console --------------------------------------------------------------------------------

SCRIPT = """\
:as ana
/pair join
:as ben
/timezone Asia/Kolkata
/pair join
:now 2026-01-12T09:00
/pair status
:now 2026-01-15T09:00
:press 1
"""


def test_the_console_prints_the_pairs(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'pairs.db'}"
    result = mlpath("shell", "--db", db, "--now", "2026-01-06T10:00", "--tz", "UTC", stdin=SCRIPT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count(f"[private → ana, ben] {INTRO}") == 1
    assert "ana and ben: you are study partners this week" in out
    assert "Current partner · Mon 12 Jan 2026" in out and "ana · you said: no answer yet" in out
    assert "[private → ben] Did you meet?" in out
    assert "When your partner says yes too" in out
