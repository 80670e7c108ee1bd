"""Ladder roles: a level reached gives the mapped platform role, once (SQLite and Postgres)."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from tests.helpers import console_actor
from tests.integration.test_moderation import MOD, app, snapshot
from tests.integration.test_quiz_service import Recorder

__all__ = ["app"]
CARA = console_actor("cara")


def recorder(app: App) -> Recorder:
    publisher = app.publishers.get("console")
    assert isinstance(publisher, Recorder)
    return publisher


async def reach_foundations(app: App, clock: ManualClock) -> None:
    """Foundations Learner: 600 XP and a 5-day streak."""
    for _ in range(5):
        await app.dispatcher.text(CARA, "/checkin")
        clock.advance(timedelta(days=1))
    await app.dispatcher.text(MOD, "/admin xp cara 600 a strong first week")


async def test_reaching_a_mapped_level_gives_its_role_once(app: App, clock: ManualClock) -> None:
    reply = await app.dispatcher.text(MOD, "/admin ladder-roles foundations-learner learners")
    assert "Members reaching Foundations Learner now get @learners" in reply.text
    await reach_foundations(app, clock)
    await app.dispatcher.text(MOD, "/admin xp cara 10 and a bit more")  # no second grant
    await app.services.delivery.drain()
    grants = [c for c, _ in recorder(app).posts if c.startswith("role:")]
    assert grants == ["role:learners:cara"]
    titles = recorder(app).titles()
    assert titles.count("🎓 Foundations Learner") == 1


async def test_mapping_a_level_gives_the_role_to_members_already_there(
    app: App, clock: ManualClock
) -> None:
    await reach_foundations(app, clock)
    reply = await app.dispatcher.text(MOD, "/admin ladder-roles foundations-learner learners")
    assert "1 member already there gets it now" in reply.text
    await app.services.delivery.drain()
    assert [c for c, _ in recorder(app).posts if c.startswith("role:")] == ["role:learners:cara"]


async def test_removing_a_mapping_and_listing(app: App) -> None:
    await app.dispatcher.text(MOD, "/admin ladder-roles ml-engineer engineers")
    listing = await app.dispatcher.text(MOD, "/admin ladder-roles")
    assert listing.text == "ML Engineer: @engineers"
    await app.dispatcher.text(MOD, "/admin ladder-roles ml-engineer")
    assert (await app.dispatcher.text(MOD, "/admin ladder-roles")).text == (
        "No level gives a role yet."
    )


async def test_slack_has_no_roles(app: App) -> None:
    from dataclasses import replace

    slack_mod = replace(MOD, platform="slack", community_id="T1", platform_moderator=True)
    before = await snapshot(app)
    reply = await app.dispatcher.text(slack_mod, "/admin ladder-roles ml-engineer engineers")
    assert "Slack has no roles" in reply.text
    assert await snapshot(app) == before
