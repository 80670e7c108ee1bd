"""Peak load through Discord: the minute after the daily post, 300 members check in at once.

discord.py's real client runs against the fake Discord on loopback, on SQLite and on Postgres.
Discord fails an interaction for the member when its callback (an answer, or a deferral) comes
later than 3 s after Discord sent it, so that is the bound: the fake stamps each interaction
when it dispatches it and each callback when it arrives. Nothing tighter is asserted — the
fake, the bot and the database share one loaded machine — but the figures are printed
(``pytest -s``).

A reply that is not ready at once follows a private deferral; the tests at the end check what
a member then sees: the reply, a public one in the channel, or the error line.
"""

from __future__ import annotations

import asyncio
import logging
import re
import statistics
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text

from bot.bootstrap import App
from bot.platforms.discord.client import MlpathBot
from bot.replies import Reply
from tests.platforms.discord_support import (  # noqa: F401  (fixtures)
    ANA,
    CHANNEL,
    DEFERRED,
    EPHEMERAL,
    OWNER,
    answer,
    clock,
    fake_and_bot,
    message_of,
    mlpath,
    mlpath_every_db,
    public_of,
    run,
    sleeper,
    start_bot,
    stop_bot,
    text_of,
)
from tests.platforms.fake_discord import (
    FakeDiscord,
    FakeMember,
    FakeUser,
    InteractionRef,
    default_guild,
)

MEMBERS = 300
FIRST_MEMBER = 10_000
ACK_DEADLINE_SECONDS = 3.0  # Discord's: no callback by then and the member sees a failure
ANSWERS_TIMEOUT_SECONDS = 120.0  # follow-ups may take longer (the token lives 15 minutes)


def crowd() -> list[int]:
    return list(range(FIRST_MEMBER, FIRST_MEMBER + MEMBERS))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def test_300_checkins_at_once_are_all_acknowledged_within_3_seconds(
    mlpath_every_db: App, caplog: pytest.LogCaptureFixture
) -> None:
    app = mlpath_every_db
    caplog.set_level(logging.INFO)
    guild = default_guild()
    for user in crowd():
        guild.members.append(FakeMember(FakeUser(user, f"m{user}", f"Member {user}")))
    async with FakeDiscord([guild]) as fake:
        bot, task = await start_bot(app)
        try:
            await fake.wait_ready()
            # the community is set up: its daily post is what brings everyone at once
            setup = await run(
                fake, "admin setup", {"channel": CHANNEL, "time": "11:00", "timezone": "UTC"}, OWNER
            )
            assert "Daily posts go to" in text_of(setup), text_of(setup)

            refs = await asyncio.gather(
                *(fake.send_interaction("checkin", {}, user_id=user) for user in crowd())
            )
            ids = {ref.id for ref in refs}
            # One waiter for all (300 pollers would load the loop the bot runs on).
            await fake.wait_until(
                lambda: ids <= fake.callbacks.keys(), ANSWERS_TIMEOUT_SECONDS, "every callback"
            )
            deferred = [r for r in refs if fake.callbacks[r.id]["type"] == DEFERRED]
            deferred_ids = {r.id for r in deferred}
            await fake.wait_until(
                lambda: all(fake.followups(r.token) for r in deferred),
                ANSWERS_TIMEOUT_SECONDS,
                "a follow-up to every deferral",
            )
            shown = [text_of(message_of(await answer(fake, ref))) for ref in refs]
            await asyncio.sleep(0.2)  # a second follow-up, if one were sent, would show by now
        finally:
            await stop_bot(bot, task)

    acks = [fake.callback_at[r.id] - fake.dispatched_at[r.id] for r in refs]
    finals = [
        (fake.followup_at[r.id][0] if r.id in deferred_ids else fake.callback_at[r.id])
        - fake.dispatched_at[r.id]
        for r in refs
    ]
    print(
        f"\n{app.engine.dialect.name}: {MEMBERS} check-ins, {len(deferred)} deferred; "
        f"callback p50 {statistics.median(acks):.3f} s, p99 {percentile(acks, 0.99):.3f} s, "
        f"max {max(acks):.3f} s (bound {ACK_DEADLINE_SECONDS} s); answer shown p50 "
        f"{statistics.median(finals):.3f} s, p99 {percentile(finals, 0.99):.3f} s, "
        f"max {max(finals):.3f} s"
    )

    late = sorted(a for a in acks if a > ACK_DEADLINE_SECONDS)
    assert not late, f"{len(late)} callbacks after {ACK_DEADLINE_SECONDS} s: {late[-5:]}"
    for ref in refs:
        assert len(fake.followups(ref.token)) == (1 if ref.id in deferred_ids else 0)
    assert not [t for t in shown if "Checked in" not in t], "every member sees their check-in"
    assert not [t for t in shown if "Something went wrong" in t or "error id" in t]

    async with app.engine.connect() as conn:
        rows, members = (
            await conn.execute(text("SELECT count(*), count(DISTINCT member_id) FROM checkins"))
        ).one()
    assert (rows, members) == (MEMBERS, MEMBERS)

    troubles = [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR
        or r.exc_info
        or "Traceback" in r.getMessage()
        or "database is locked" in r.getMessage()
    ]
    assert troubles == []


# --- a reply that is not ready at once ---------------------------------------------------------
# The work is held until the test has seen the deferral, so the acknowledgement cannot depend
# on the work being done, and the follow-up is checked against what was deferred.


def held(
    call: Callable[..., Awaitable[Reply]], gate: asyncio.Event
) -> Callable[..., Awaitable[Reply]]:
    async def waiting(*args: Any, **kwargs: Any) -> Reply:
        await asyncio.wait_for(gate.wait(), 30)
        return await call(*args, **kwargs)

    return waiting


async def deferred_then_released(
    fake: FakeDiscord, ref: InteractionRef, gate: asyncio.Event
) -> None:
    callback = await fake.wait_callback(ref.id, timeout=10)
    assert callback["type"] == DEFERRED, callback
    assert callback["data"]["flags"] & EPHEMERAL
    assert fake.callback_at[ref.id] - fake.dispatched_at[ref.id] < ACK_DEADLINE_SECONDS
    assert fake.followups(ref.token) == []
    gate.set()


async def test_a_slow_private_reply_is_deferred_privately_and_follows_up(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, _ = fake_and_bot
    gate = asyncio.Event()
    monkeypatch.setattr(
        mlpath.services.checkin, "checkin", held(mlpath.services.checkin.checkin, gate)
    )
    ref = await fake.send_interaction("checkin", {"note": "slow day"}, user_id=ANA)
    await deferred_then_released(fake, ref, gate)
    shown = message_of(await answer(fake, ref))
    assert "Checked in for Mon 5 Jan 2026" in text_of(shown)
    (message,) = fake.interaction_messages(ref.id)  # the deferral's message, completed
    assert message["flags"] & EPHEMERAL and "Checked in" in message["embeds"][0]["description"]


async def test_a_slow_public_reply_still_reaches_the_channel(
    fake_and_bot: tuple[FakeDiscord, MlpathBot], mlpath: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, _ = fake_and_bot
    gate = asyncio.Event()
    monkeypatch.setattr(mlpath.services.rounds, "start", held(mlpath.services.rounds.start, gate))
    ref = await fake.send_interaction("quiz round", {"count": 1, "seconds": 5}, user_id=ANA)
    await deferred_then_released(fake, ref, gate)  # private: its privacy is not known yet
    shown = public_of(await answer(fake, ref))
    assert "Ana started a quiz round" in text_of(shown)
    hook = rf"/webhooks/\d+/{re.escape(ref.token)}/messages/@original"
    await fake.wait_for_request("DELETE", re.compile(hook))
    (message,) = fake.interaction_messages(ref.id)  # the private copy is gone
    assert not message["flags"] & EPHEMERAL
    assert "Ana started a quiz round" in message["embeds"][0]["description"]


async def test_a_failure_after_a_deferral_is_one_private_line_with_an_error_id(
    fake_and_bot: tuple[FakeDiscord, MlpathBot],
    mlpath: App,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, _ = fake_and_bot

    async def broken(*args: Any, **kwargs: Any) -> Reply:
        raise RuntimeError("the database went away")

    gate = asyncio.Event()
    monkeypatch.setattr(mlpath.services.checkin, "checkin", held(broken, gate))
    ref = await fake.send_interaction("checkin", {}, user_id=ANA)
    await deferred_then_released(fake, ref, gate)
    shown = text_of(message_of(await answer(fake, ref)))
    found = re.search(r"Something went wrong on my side \(error id (\w+)\)", shown)
    assert found, shown
    assert "Traceback" not in shown and "database went away" not in shown
    (logged,) = [r for r in caplog.records if found[1] in r.getMessage()]
    assert logged.exc_info is not None  # the log has the traceback, the member the id
    assert len(fake.followups(ref.token)) == 1
