"""XP and ladder evidence from projects that cannot be farmed (issue 13, item 2), through the
real text grammar, services and database, on SQLite and Postgres: a project ships after an
update on an earlier study day and with a link, ship XP has the weekly cap of adding, and a
moderator's /admin project reject withdraws the XP and the evidence through the ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.replies import Reply
from bot.services.actor import Actor
from tests.helpers import console_actor
from tests.integration.test_progress import moderator_first, stored_state
from tests.integration.test_projects import ledger, outbox, snapshot, xp_of

MOD, ANA, BEN = console_actor("mod"), console_actor("ana"), console_actor("ben")
NOT_YET = "ships after at least one /project update on an earlier study day: log your progress "
NOT_YET += "today, and ship it tomorrow or later."


async def say(app: App, actor: Actor, command: str) -> Reply:
    reply = await app.dispatcher.text(actor, command)
    assert reply.error_id is None, reply.text
    return reply


async def you_have(app: App, actor: Actor) -> str:
    """The /ladder line with the member's XP and evidence."""
    ladder = await say(app, actor, "/ladder")
    return next(f.value for f in ladder.fields if f.name == "You have")


async def test_four_adds_and_four_ships_in_a_day_earn_no_ship_xp_post_or_evidence(
    app: App,
) -> None:
    """The newcomer's report: 4 × add + 4 × ship in one day gave 460 XP and 4 posts."""
    for n in range(1, 5):
        await say(app, ANA, f"/project add P{n} https://github.com/ana/p{n}")
    for n in range(1, 5):
        before = await snapshot(app)
        shipped = await say(app, ANA, f"/project ship p{n}")
        assert shipped.text == f"P{n} {NOT_YET}"
        assert await snapshot(app) == before
    assert await xp_of(app, "ana") == 60  # three adds; the fourth earned nothing
    assert await outbox(app, "project") == []
    assert (await say(app, ANA, "/project list")).text == "4 projects, 0 shipped."
    assert (await you_have(app, ANA)).startswith("60 XP · 0 shipped projects · ")


async def test_a_project_ships_the_study_day_after_an_update(app: App, clock: ManualClock) -> None:
    await say(app, ANA, "/project add Alpha https://github.com/ana/alpha")
    assert (await say(app, ANA, "/project ship alpha")).text == f"Alpha {NOT_YET}"
    await say(app, ANA, "/project update alpha trained a baseline")
    assert (await say(app, ANA, "/project ship alpha")).text == f"Alpha {NOT_YET}"
    clock.set(datetime(2026, 1, 5, 23, 59, tzinfo=UTC))  # still the same study day
    assert (await say(app, ANA, "/project ship alpha")).text == f"Alpha {NOT_YET}"
    clock.set(datetime(2026, 1, 6, 0, 0, tzinfo=UTC))
    shipped = await say(app, ANA, "/project ship alpha")
    assert shipped.text == "Shipped Alpha! +100 XP. The channel hears about it."
    assert len(await outbox(app, "project")) == 1
    assert (await you_have(app, ANA)).startswith("130 XP · 1 shipped project · ")


async def test_shipping_needs_a_repo_or_a_demo_link(app: App, clock: ManualClock) -> None:
    await say(app, ANA, '/project add "Movie recommender"')
    await say(app, ANA, "/project update movie first baseline")
    clock.advance(timedelta(days=1))
    before = await snapshot(app)
    refused = await say(app, ANA, "/project ship movie")
    assert refused.text == (
        'Shipping needs a link people can open: /project ship "Movie recommender" https://… '
        "with the demo or the repository."
    )
    assert refused.private and await snapshot(app) == before
    shipped = await say(app, ANA, "/project ship movie https://ana.example.com/movies")
    assert shipped.text == "Shipped Movie recommender! +100 XP. The channel hears about it."
    listed = await say(app, ANA, "/project list")
    assert "demo: https://ana.example.com/movies" in listed.fields[0].value


async def test_ship_xp_has_the_weekly_cap_of_adding(app: App, clock: ManualClock) -> None:
    assert clock.now().date().isoformat() == "2026-01-05"  # a Monday
    for n in range(1, 5):
        await say(app, ANA, f"/project add P{n} https://github.com/ana/p{n}")
        await say(app, ANA, f"/project update p{n} started")
    clock.advance(timedelta(days=1))
    ships = [(await say(app, ANA, f"/project ship p{n}")).text for n in range(1, 5)]
    assert ships == [
        "Shipped P1! +100 XP. The channel hears about it.",
        "Shipped P2! +100 XP. The channel hears about it.",
        "Shipped P3! +100 XP. The channel hears about it.",
        "Shipped P4! No XP this time: shipping projects earns XP 3 times a week. "
        "The channel hears about it.",
    ]
    assert await xp_of(app, "ana") == 3 * 20 + 4 * 10 + 3 * 100
    assert (await you_have(app, ANA)).startswith("400 XP · 4 shipped projects · ")
    clock.set(datetime(2026, 1, 12, 9, 0, tzinfo=UTC))  # the next Monday: a new week
    await say(app, ANA, "/project add P5 https://github.com/ana/p5")
    await say(app, ANA, "/project update p5 started")
    clock.advance(timedelta(days=1))
    fifth = await say(app, ANA, "/project ship p5")
    assert fifth.text == "Shipped P5! +100 XP. The channel hears about it."


async def test_a_moderator_rejects_a_project_and_its_xp_and_evidence_go(
    app: App, clock: ManualClock
) -> None:
    await moderator_first(app)
    await say(app, ANA, "/project add Titanic https://github.com/ana/titanic")  # +20
    await say(app, ANA, "/project update titanic cleaned the data")  # +10
    await say(app, ANA, "/project add Other")  # +20
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/project update titanic tuned it")  # +10
    await say(app, ANA, "/project ship titanic")  # +100
    await say(app, BEN, "/checkin")  # +10
    board = await say(app, ANA, "/leaderboard")
    assert board.text.startswith("🥇 ana — 160 XP\n🥈 ben — 10 XP")

    refused = await say(app, BEN, "/admin project reject ana titanic looks copied")
    assert refused.text == "/admin project reject is for moderators of this community."
    rejected = await say(app, MOD, "/admin project reject ana titanic copied from a tutorial")
    assert rejected.text == (
        "Rejected ana's Titanic: 140 XP withdrawn and no longer counts as a shipped project "
        "(they have 20 XP now). Reason recorded: copied from a tutorial"
    )
    # the ledger keeps what happened: each award, and its withdrawal on the same study day
    assert await ledger(app, "ana") == [
        ("project-add", 20),
        ("project-update", 10),
        ("project-add", 20),
        ("project-update", 10),
        ("project-ship", 100),
        ("project-reject", -20),
        ("project-reject", -10),
        ("project-reject", -10),
        ("project-reject", -100),
    ]
    assert (await you_have(app, ANA)).startswith("20 XP · 0 shipped projects · ")
    board = await say(app, ANA, "/leaderboard")
    assert board.text.startswith("🥇 ana — 20 XP\n🥈 ben — 10 XP")
    listed = await say(app, ANA, "/project list")
    assert listed.text == "2 projects, 0 shipped."
    assert listed.fields[0].name == "Titanic"
    assert listed.fields[0].value.splitlines()[0] == "⛔ rejected"
    log = await say(app, MOD, "/admin audit")
    newest = log.fields[0]
    assert "project reject" in newest.name
    assert "ana" in newest.value and "copied from a tutorial" in newest.value

    # once is enough, and a rejected project earns nothing more
    for actor, command, said in (
        (MOD, "/admin project reject ana titanic again", "ana's Titanic is already rejected."),
        (
            ANA,
            "/project update titanic it is mine",
            "Titanic was rejected by a moderator; it earns nothing more.",
        ),
    ):
        before = await snapshot(app)
        assert (await say(app, actor, command)).text == said
        assert await snapshot(app) == before


async def test_a_rejection_takes_the_xp_from_the_weeks_it_was_earned_in(
    app: App, clock: ManualClock
) -> None:
    await moderator_first(app)
    await say(app, ANA, "/project add Titanic https://github.com/ana/titanic")
    await say(app, ANA, "/project update titanic first model")
    clock.advance(timedelta(days=1))
    await say(app, ANA, "/project ship titanic")
    clock.set(datetime(2026, 1, 13, 9, 0, tzinfo=UTC))  # the next week
    await say(app, ANA, "/checkin")
    await say(app, MOD, "/admin project reject ana titanic not her work")
    state, periods = await stored_state(app)
    assert periods == state["recomputed"]  # the boards equal a recomputation from the ledger
    ana = state["ids"]["ana"]
    assert periods[(ana, "w2026-01-05")][2] == 0  # the week it was earned in gives it back
    assert periods[(ana, "w2026-01-12")][2] == 10  # this week keeps today's check-in
    assert state["xp"]["ana"] == state["ledger"]["ana"] == 10


async def test_rejecting_names_the_member_and_the_project(app: App) -> None:
    await moderator_first(app)
    await say(app, ANA, "/project add Titanic")
    await say(app, ANA, '/project add "Tiny GPT"')
    for command, said in (
        ("/admin project reject nobody titanic x", "nobody has not used mlpath in this community"),
        ("/admin project reject ana nope x", "ana has no project called nope. Their projects: "),
        ("/admin project reject ana ti x", "2 projects start with ti: Titanic, Tiny GPT."),
        ("/admin project reject ana titanic", "/admin project reject needs reason."),
    ):
        assert (await say(app, MOD, command)).text.startswith(said), command
    named = await say(app, MOD, "/admin project reject @ana tiny a test")  # the console's way
    assert named.text.startswith("Rejected ana's Tiny GPT: 20 XP withdrawn (they have 20 XP")
