"""Discord end to end: discord.py's real client against a local fake Discord (REST + gateway)."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.platforms.discord.client import MlpathBot
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    EPHEMERAL,
    GUILD,
    MENTIONER,
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
from tests.platforms.fake_discord import (
    FakeDiscord,
)


async def test_commands_are_synced_to_the_dev_guild_from_setup_hook(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    synced = {c["name"]: c for c in fake.commands(GUILD)}
    assert set(synced) == {
        "help",
        "checkin",
        "streak",
        "timezone",
        "today",
        "roadmap",
        "remind",
        "quiz",
        "exercise",
        "compete",
        "project",
        "ladder",
        "profile",
        "leaderboard",
        "me",
        "pair",
        "admin",
    }
    assert [o["name"] for o in synced["project"]["options"]] == ["add", "update", "ship", "list"]
    assert [o["name"] for o in synced["me"]["options"]] == [
        "export",
        "hide",
        "show",
        "pause",
        "resume",
        "delete",
        "dashboard",
    ]
    assert [o["name"] for o in synced["streak"]["options"]] == ["show", "repair"]
    assert [o["name"] for o in synced["quiz"]["options"]] == [
        "practice",
        "round",
        "topics",
        "stop",
        "skip",
        "review",
    ]
    # members do not even see /admin: it needs Manage Server (1 << 5) by default
    assert int(synced["admin"]["default_member_permissions"]) == 1 << 5
    assert synced["checkin"].get("default_member_permissions") is None
    note = synced["checkin"]["options"][0]
    assert (note["name"], note["type"], note.get("required", False)) == ("note", 3, False)
    assert synced["streak"]["options"][0]["options"][0]["type"] == 6  # a USER option
    pause_days = synced["me"]["options"][3]["options"][0]
    assert (pause_days["type"], pause_days["min_value"], pause_days["max_value"]) == (4, 1, 14)
    puts = fake.requests_matching("PUT", f"/applications/999/guilds/{GUILD}/commands")
    assert len(puts) == 1


async def test_checkin_streak_and_timezone(fake_and_bot: tuple[FakeDiscord, MlpathBot]) -> None:
    fake, _ = fake_and_bot
    assert "Checked in for Mon 5 Jan 2026" in text_of(
        await run(fake, "checkin", {"note": "read ch. 3"})
    )
    assert "already checked in" in text_of(await run(fake, "checkin"))
    shown = text_of(await run(fake, "streak show", {"member": ANA}, user=OWNER))
    assert "Ana's streak" in shown and "Current: 1 day" in shown
    assert "Pacific/Kiritimati" in text_of(
        await run(fake, "timezone", {"tz": "pacific/kiritimati"})
    )
    # 12:00 UTC is already 02:00 on 6 Jan at UTC+14: a new study day
    assert "Checked in for Tue 6 Jan 2026" in text_of(await run(fake, "checkin"))


async def test_bad_input_is_one_private_line(fake_and_bot: tuple[FakeDiscord, MlpathBot]) -> None:
    fake, _ = fake_and_bot
    reply = text_of(await run(fake, "timezone", {"tz": "Mars/Base"}))
    assert "not a timezone I know" in reply
    reply = text_of(await run(fake, "streak show", {"member": OWNER}))
    assert "has not used mlpath" in reply
    assert "Traceback" not in reply


async def test_names_holding_mentions_never_ping(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    await run(fake, "checkin", {"note": "@everyone look <@&333>"}, user=MENTIONER)
    data = await run(fake, "streak show", {"member": MENTIONER})
    assert "@everyone's streak" in text_of(data)  # shown, but allowed_mentions pings no one


async def test_me_export_is_an_ephemeral_json_file(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
) -> None:
    fake, _ = fake_and_bot
    await run(fake, "checkin", {"note": "day one"})
    ref = await fake.send_interaction("me export", {}, user_id=ANA)
    message_of(await answer(fake, ref))
    upload = fake.uploads[-1]
    assert upload.filename == f"mlpath-export-{ANA}.json"
    exported = json.loads(upload.data)
    assert exported["format"] == "mlpath-export/1"
    assert exported["members"][0]["checkins"][0]["note"] == "day one"


async def test_buttons_survive_a_restart_and_never_count_twice(mlpath: App) -> None:
    async with FakeDiscord(world()) as fake:
        bot, task = await start_bot(mlpath)
        await fake.wait_ready()
        data = await run(fake, "streak show")
        button = data["components"][0]["components"][0]
        assert (button["label"], button["custom_id"]) == ("Check in", "mlpath:checkin:")
        await stop_bot(bot, task)

        bot, task = await start_bot(mlpath)  # a new process knows nothing of that message
        await fake.wait_ready()
        first = await fake.send_interaction(custom_id=button["custom_id"], user_id=ANA)
        assert "Checked in" in text_of(message_of(await answer(fake, first)))
        again = await fake.send_interaction(custom_id=button["custom_id"], user_id=ANA)
        assert "already checked in" in text_of(message_of(await answer(fake, again)))
        await stop_bot(bot, task)


async def test_daily_posts_go_to_the_set_up_channel_with_a_nonce(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    refused = await run(fake, "admin setup", {"channel": 222, "time": "11:00", "timezone": "UTC"})
    assert "for moderators" in text_of(refused)  # Ana has no Manage Server
    bad = await run(
        fake, "admin setup", {"channel": 222, "time": "9am", "timezone": "UTC"}, user=OWNER
    )
    assert "`9am` is not a valid post time" in text_of(bad)
    ok = await run(
        fake, "admin setup", {"channel": 222, "time": "11:00", "timezone": "UTC"}, user=OWNER
    )
    assert "Daily posts go to 222 at 11:00 UTC" in text_of(ok)  # 12:00 now: today's is due
    await mlpath.services.daily.run_due()
    await mlpath.services.delivery.drain()
    posts = fake.requests_matching("POST", "/channels/222/messages")
    assert len(posts) == 2
    day, challenge = (p.body for p in posts)
    assert day["embeds"][0]["title"].startswith("Day 1 · ")
    assert [c["custom_id"] for c in day["components"][0]["components"]] == [
        "mlpath:checkin:",
        "mlpath:quiz:",
    ]
    assert challenge["embeds"][0]["title"] == "Daily challenge · Mon 5 Jan 2026"
    for body in (day, challenge):
        assert body["allowed_mentions"] == {"parse": []}
        assert body["enforce_nonce"] is True and body["nonce"].startswith("mlp")
    await mlpath.services.daily.run_due()
    await mlpath.services.delivery.drain()
    assert len(fake.requests_matching("POST", "/channels/222/messages")) == 2  # once a day
    assert "already gone out" in text_of(
        await run(fake, "admin post-now", {"what": "daily"}, user=OWNER)
    )


async def test_reminders_arrive_as_direct_messages(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    reply = await run(fake, "remind", {"switch": "on", "time": "12:00"})
    assert "12:00 (UTC)" in text_of(reply)
    await mlpath.services.daily.run_due_reminders()
    await mlpath.services.delivery.drain()
    dm = await fake.wait_for_request("POST", "/users/@me/channels")
    assert str(dm.body["recipient_id"]) == str(ANA)
    sent = [r for r in fake.requests_matching("POST") if r.path.endswith("/messages")]
    assert sent[-1].body["embeds"][0]["title"] == "Study reminder"


async def test_channel_posts_holding_mentions_ping_no_one_and_members_cannot_moderate(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App, clock: ManualClock
) -> None:
    fake, _ = fake_and_bot
    refused = await run(fake, "admin xp", {"member": OWNER, "amount": 5, "reason": "x"})
    assert "for moderators" in text_of(refused)
    await run(fake, "admin setup", {"channel": 222, "time": "23:00", "timezone": "UTC"}, user=OWNER)
    for _ in range(7):  # "@everyone" (a display name) reaches a 7-day streak
        await run(fake, "checkin", {"note": "@here <@&333> <@444>"}, user=MENTIONER)
        clock.advance(timedelta(days=1))
    await mlpath.services.delivery.drain()
    posts = [r.body for r in fake.requests_matching("POST", "/channels/222/messages")]
    milestone = next(p for p in posts if p["embeds"][0]["title"] == "🔥 7-day streak")
    assert milestone["embeds"][0]["description"].startswith("@everyone has studied 7 days")
    assert all(p["allowed_mentions"] == {"parse": []} for p in posts)


async def test_pause_resume_and_repair_through_slash_commands(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], clock: ManualClock
) -> None:
    fake, _ = fake_and_bot
    for _ in range(5):
        await run(fake, "checkin")
        clock.advance(timedelta(days=1))
    paused = await run(fake, "me pause", {"days": 3})
    assert paused["flags"] & EPHEMERAL
    assert "Your 5-day streak is on hold from today" in text_of(paused)
    clock.advance(timedelta(days=1))
    assert "On hold until" in text_of(await run(fake, "streak show"))
    assert "streak is 5 days" in text_of(await run(fake, "me resume"))
    clock.advance(timedelta(days=1))  # the resumed day was missed: the streak broke
    repaired = text_of(await run(fake, "streak repair"))
    assert "Streak repaired for 50 XP (1 day credited" in repaired
    assert "Current: 6 days" in text_of(await run(fake, "streak show"))
