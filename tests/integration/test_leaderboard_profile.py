"""The leaderboard's cost and the profile picture's cache, through the real database (SQLite and
Postgres): every board is one statement, and /profile draws a member's picture once while what
it shows stays the same."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.domain.periods import PERIODS
from bot.services.leaderboard import METRICS
from tests.integration.test_progress import ANA, BEN, CY, say


async def test_every_board_is_one_statement(app: App, clock: ManualClock) -> None:
    for who in (ANA, BEN, CY):
        await say(app, who, "/checkin")
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/checkin")
    await say(app, CY, "/me hide")
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):
            sent.append(statement)

    leaderboard = app.services.leaderboard
    async with app.uow(write=False) as uow:
        community = await uow.communities.get(ANA.platform, ANA.community_id)
        assert community is not None
        members = [await uow.members.get(community.id, who.user_id) for who in (ANA, BEN, CY)]
    for member in (*members, None):  # ranked, no live streak, hidden, no caller
        for metric in METRICS:
            for period in PERIODS:
                event.listen(app.engine.sync_engine, "before_cursor_execute", record)
                try:
                    async with app.uow(write=False) as uow:
                        await leaderboard.board(uow, community, member, metric, period, clock.now())
                finally:
                    event.remove(app.engine.sync_engine, "before_cursor_execute", record)
                assert len(sent) == 1, (metric, period, member and member.name, sent)
                sent.clear()


async def test_profile_picture_is_drawn_once_until_the_member_studies(
    app: App, clock: ManualClock
) -> None:
    await say(app, ANA, "/checkin")
    career = app.services.career
    drawn = career.pictures.renders

    def picture(reply: Any) -> bytes:
        assert reply.attachment is not None
        return bytes(reply.attachment.data)

    first = picture(await say(app, ANA, "/profile"))
    assert picture(await say(app, ANA, "/profile")) == first
    assert career.pictures.renders == drawn + 1  # the second /profile reused the picture

    await say(app, BEN, "/profile ana")  # another member looking: the same picture
    assert career.pictures.renders == drawn + 1

    clock.advance(timedelta(days=1))
    await say(app, ANA, "/checkin")  # a new study day and new XP: drawn again
    renewed = picture(await say(app, ANA, "/profile"))
    assert renewed != first and career.pictures.renders == drawn + 2
    assert picture(await say(app, ANA, "/profile")) == renewed
    assert career.pictures.renders == drawn + 2
