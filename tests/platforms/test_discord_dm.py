"""Buttons and commands arriving in a Discord DM (issue 12, item 2): they act in the member's
server, named by the button, or are refused with one line; never in a community of their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import Community
from bot.platforms.discord.client import MlpathBot
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    BEN,
    GUILD,
    answer,
    buttons,
    clock,
    fake_and_bot,
    field,
    message_of,
    mlpath,
    run,
    sleeper,
    text_of,
)
from tests.platforms.fake_discord import FakeDiscord


async def _reminder_dm(fake: FakeDiscord, mlpath: App, clock: ManualClock) -> dict[str, Any]:
    """Ana asks for a 18:00 reminder in the guild; at 18:00 it goes to her DM."""
    reply = await run(fake, "remind", {"switch": "on", "time": "18:00"})
    assert "I will remind you at 18:00" in text_of(reply), text_of(reply)
    clock.advance(timedelta(hours=6))  # 12:00 → 18:00 UTC
    assert await mlpath.services.daily.run_due_reminders() == 1
    await mlpath.services.delivery.drain()
    dm = fake._dm_channels[ANA]
    (message,) = fake.channel_messages(dm)
    assert message["embeds"][0]["title"] == "Study reminder"
    return message


async def _communities(mlpath: App) -> list[str]:
    async with mlpath.uow(write=False) as uow:
        return sorted((await uow.session.execute(select(Community.external_id))).scalars())


async def test_the_check_in_button_of_a_reminder_dm_checks_in_in_the_guild(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App, clock: ManualClock
) -> None:
    fake, _ = fake_and_bot
    message = await _reminder_dm(fake, mlpath, clock)
    (button,) = buttons(message)
    ref = await fake.send_interaction(
        custom_id=button["custom_id"], message_id=int(message["id"]), user_id=ANA, dm=True
    )
    pressed = message_of(await answer(fake, ref))
    assert "Checked in for" in text_of(pressed), text_of(pressed)
    assert "Streak: 1 day" in text_of(pressed)

    streak = await run(fake, "streak show")  # in the guild: the streak the DM button kept
    assert field(streak, "Current") == "1 day"
    assert await _communities(mlpath) == [str(GUILD)]  # no `dm-<user id>` community
    assert button["custom_id"] == f"mlpath@{GUILD}:checkin:"  # the button names the guild

    again = message_of(
        await answer(
            fake,
            await fake.send_interaction(
                custom_id=button["custom_id"], message_id=int(message["id"]), user_id=ANA, dm=True
            ),
        )
    )
    assert "You already checked in" in text_of(again)


async def test_a_dm_without_a_server_is_refused_and_creates_nothing(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App
) -> None:
    fake, _ = fake_and_bot
    # a reminder queued before buttons named their guild: nothing says which server
    old = await fake.send_interaction(custom_id="mlpath:checkin:", user_id=ANA, dm=True)
    refused = message_of(await answer(fake, old))
    assert "cannot tell which server" in text_of(refused), text_of(refused)

    # a slash command reaching the bot in a DM (they are guild-only; a stale client may try)
    fake.strict_commands = False
    command = await fake.send_interaction("checkin", {}, user_id=ANA, dm=True)
    assert "cannot tell which server" in text_of(message_of(await answer(fake, command)))

    # a button naming a server the bot is not in, or one the member is not in
    elsewhere = await fake.send_interaction(custom_id="mlpath@777:checkin:", user_id=ANA, dm=True)
    assert "no longer share" in text_of(message_of(await answer(fake, elsewhere)))
    ben = next(m for m in fake.guilds[0].members if m.user.id == BEN)
    fake.guilds[0].members.remove(ben)  # Ben left the server; Discord still knows him
    fake.users[BEN] = ben.user
    left = await fake.send_interaction(custom_id=f"mlpath@{GUILD}:checkin:", user_id=BEN, dm=True)
    assert "no longer share" in text_of(message_of(await answer(fake, left)))
    assert await _communities(mlpath) == []
