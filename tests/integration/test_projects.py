"""Portfolio projects (SPEC §5) through the real text grammar, services and database,
on SQLite and Postgres: what members see, the XP rules, bad input and the announcement."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.db.models import OutboxMessage
from bot.replies import Field, Reply
from tests.helpers import console_actor

ANA, BEN = console_actor("ana"), console_actor("ben")
# Every table a project command may write to: a refused command must leave all of them alone.
TABLES = (
    "members",
    "projects",
    "project_updates",
    "xp_events",
    "outbox",
    "milestones",
    "member_periods",
)
PINGS = "@everyone <@123> <!channel>"


async def snapshot(app: App) -> dict[str, list[tuple[Any, ...]]]:
    async with app.uow(write=False) as uow:
        out = {}
        for table in TABLES:
            rows = (await uow.session.execute(text(f"SELECT * FROM {table}"))).all()
            out[table] = sorted((tuple(r) for r in rows), key=repr)
        return out


async def xp_of(app: App, user_id: str) -> int:
    async with app.uow(write=False) as uow:
        found = await uow.session.execute(
            text("SELECT xp FROM members WHERE user_id = :u"), {"u": user_id}
        )
        return int(found.scalar_one())


async def ledger(app: App, user_id: str) -> list[tuple[str, int]]:
    """(reason, amount) of the member's XP rows, oldest first."""
    async with app.uow(write=False) as uow:
        rows = await uow.session.execute(
            text(
                "SELECT x.reason, x.amount FROM xp_events x JOIN members m ON m.id = x.member_id "
                "WHERE m.user_id = :u ORDER BY x.id"
            ),
            {"u": user_id},
        )
        return [(r, int(a)) for r, a in rows.all()]


async def outbox(app: App, kind: str | None = None) -> list[OutboxMessage]:
    async with app.uow(write=False) as uow:
        stmt = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            stmt = stmt.where(OutboxMessage.kind == kind)
        return list((await uow.session.execute(stmt)).scalars().all())


async def project_row(app: App, user_id: str, name: str) -> dict[str, Any]:
    async with app.uow(write=False) as uow:
        row = await uow.session.execute(
            text(
                "SELECT p.name, p.name_key, p.status, p.repo, p.demo, p.description "
                "FROM projects p JOIN members m ON m.id = p.member_id "
                "WHERE m.user_id = :u AND p.name = :n"
            ),
            {"u": user_id, "n": name},
        )
        return dict(row.mappings().one())


def assert_ok(reply: Reply) -> None:
    assert reply.error_id is None, reply.text


async def ready_to_ship(app: App, clock: ManualClock, actor: Any, project: str) -> None:
    """An update today and a new study day: what /project ship asks for first."""
    assert_ok(await app.dispatcher.text(actor, f"/project update {project} getting there"))
    clock.advance(timedelta(days=1))


# --- the happy path ------------------------------------------------------------------------


async def test_add_update_ship_list_what_the_member_sees(app: App, clock: ManualClock) -> None:
    added = await app.dispatcher.text(
        ANA, '/project add "Titanic survival" https://github.com/ana/titanic Predict who survives'
    )
    assert added.private and added.title == "Project added"
    assert added.text == (
        "Added Titanic survival as an idea (+20 XP). Log progress with /project update, "
        "and on a later day, when it is out with a repo or demo link, /project ship."
    )
    assert await project_row(app, "ana", "Titanic survival") == {
        "name": "Titanic survival",
        "name_key": "titanic survival",
        "status": "idea",
        "repo": "https://github.com/ana/titanic",
        "demo": None,
        "description": "Predict who survives",
    }

    updated = await app.dispatcher.text(
        ANA, "/project update titanic cleaned the data, first model status:building"
    )
    assert updated.private and updated.title == "Project update"
    assert updated.text == "Noted on Titanic survival (building; +10 XP)."

    listed = await app.dispatcher.text(ANA, "/project list")
    assert listed.private and listed.title == "Your projects"
    assert listed.text == "1 project, 0 shipped."
    assert listed.fields == (
        Field(
            "Titanic survival",
            "🔧 building\nPredict who survives\nrepo: https://github.com/ana/titanic\n"
            "latest: cleaned the data, first model (05 Jan)",
            inline=False,
        ),
    )

    clock.advance(timedelta(days=1))
    shipped = await app.dispatcher.text(
        ANA, '/project ship "Titanic survival" https://ana.example.com/titanic'
    )
    assert shipped.private and shipped.title == "Project shipped"
    assert shipped.text == "Shipped Titanic survival! +100 XP. The channel hears about it."
    row = await project_row(app, "ana", "Titanic survival")
    assert row["status"] == "shipped" and row["demo"] == "https://ana.example.com/titanic"

    listed = await app.dispatcher.text(ANA, "/project list")
    assert listed.text == "1 project, 1 shipped."
    assert listed.fields[0].value.splitlines() == [
        "🚀 shipped",
        "Predict who survives",
        "repo: https://github.com/ana/titanic",
        "demo: https://ana.example.com/titanic",
        "latest: cleaned the data, first model (05 Jan)",
    ]
    assert await ledger(app, "ana") == [
        ("project-add", 20),
        ("project-update", 10),
        ("project-ship", 100),
    ]
    assert await xp_of(app, "ana") == 130


async def test_a_member_with_no_projects_is_pointed_at_project_add(app: App) -> None:
    reply = await app.dispatcher.text(ANA, "/project list")
    assert reply.private and reply.fields == ()
    assert reply.text.startswith("You have no projects yet. Start one with /project add NAME")


async def test_project_list_of_another_member(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(ANA, "/project add Recommender https://github.com/ana/rec")
    clock.advance(timedelta(minutes=1))  # listed oldest first
    await app.dispatcher.text(ANA, "/project add Chatbot")
    await ready_to_ship(app, clock, ANA, "chatbot")
    assert_ok(await app.dispatcher.text(ANA, "/project ship chatbot https://chat.example.com"))
    theirs = await app.dispatcher.text(BEN, "/project list ana")
    assert theirs.private and theirs.title == "ana's projects"
    assert theirs.text == "2 projects, 1 shipped."
    assert [(f.name, f.value.splitlines()[0]) for f in theirs.fields] == [
        ("Recommender", "💡 idea"),
        ("Chatbot", "🚀 shipped"),
    ]
    await app.dispatcher.text(BEN, "/checkin")  # looking (/project list ana) enrols no one
    empty = await app.dispatcher.text(ANA, "/project list ben")
    assert empty.text == "ben has no projects yet." and empty.fields == ()
    nobody = await app.dispatcher.text(ANA, "/project list nobody")
    assert nobody.private and nobody.error_id is None
    assert nobody.text == "nobody has not used mlpath in this community yet."


# --- XP rules ------------------------------------------------------------------------------


async def test_only_three_adds_a_monday_first_week_earn_xp(app: App, clock: ManualClock) -> None:
    assert clock.now().date().isoformat() == "2026-01-05"  # a Monday
    earned = [(await app.dispatcher.text(ANA, f"/project add P{n}")).text for n in range(1, 5)]
    assert all("(+20 XP)" in t for t in earned[:3])
    assert "no XP this time: adding projects earns XP 3 times a week" in earned[3]
    clock.set(datetime(2026, 1, 11, 23, 59, tzinfo=UTC))  # Sunday: still the same week
    sunday = await app.dispatcher.text(ANA, "/project add P5")
    assert "no XP this time" in sunday.text
    clock.set(datetime(2026, 1, 12, 0, 0, tzinfo=UTC))  # Monday: a new week
    monday = await app.dispatcher.text(ANA, "/project add P6")
    assert "(+20 XP)" in monday.text
    assert await ledger(app, "ana") == [("project-add", 20)] * 4
    assert await xp_of(app, "ana") == 80
    listed = await app.dispatcher.text(ANA, "/project list")
    assert listed.text == "6 projects, 0 shipped."  # the XP cap never refuses a project


async def test_updates_earn_once_per_project_per_study_day(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(ANA, "/project add Alpha")
    await app.dispatcher.text(ANA, "/project add Beta")
    first = await app.dispatcher.text(ANA, "/project update alpha read the paper")
    second = await app.dispatcher.text(ANA, "/project update alpha wrote the loader")
    other = await app.dispatcher.text(ANA, "/project update beta sketched the idea")
    assert first.text == "Noted on Alpha (idea; +10 XP)."
    assert second.text == "Noted on Alpha (idea; updates earn XP once per project per day)."
    assert other.text == "Noted on Beta (idea; +10 XP)."
    clock.advance(timedelta(days=1))
    nxt = await app.dispatcher.text(ANA, "/project update alpha trained it status:building")
    assert nxt.text == "Noted on Alpha (building; +10 XP)."
    assert await ledger(app, "ana") == [
        ("project-add", 20),
        ("project-add", 20),
        ("project-update", 10),
        ("project-update", 10),
        ("project-update", 10),
    ]
    assert await xp_of(app, "ana") == 70
    async with app.uow(write=False) as uow:
        notes = (await uow.session.execute(text("SELECT note FROM project_updates"))).scalars()
        assert sorted(notes) == [
            "read the paper",
            "sketched the idea",
            "trained it",
            "wrote the loader",
        ]  # every note is kept, with or without XP


async def test_update_day_is_the_members_study_day(app: App, clock: ManualClock) -> None:
    clock.set(datetime(2026, 1, 5, 20, 0, tzinfo=UTC))
    await app.dispatcher.text(ANA, "/timezone Asia/Tokyo")  # 05:00 on 6 Jan there
    await app.dispatcher.text(ANA, "/project add Alpha")
    assert "+10 XP" in (await app.dispatcher.text(ANA, "/project update alpha one")).text
    clock.set(datetime(2026, 1, 5, 23, 0, tzinfo=UTC))  # 6 Jan in UTC too, same Tokyo day
    again = await app.dispatcher.text(ANA, "/project update alpha two")
    assert "once per project per day" in again.text
    clock.set(datetime(2026, 1, 6, 15, 30, tzinfo=UTC))  # 00:30 on 7 Jan in Tokyo
    assert "+10 XP" in (await app.dispatcher.text(ANA, "/project update alpha three")).text
    assert await xp_of(app, "ana") == 40


async def test_ship_earns_a_hundred_once(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(ANA, "/project add Alpha https://github.com/ana/alpha")
    await ready_to_ship(app, clock, ANA, "alpha")
    assert "+100 XP" in (await app.dispatcher.text(ANA, "/project ship alpha")).text
    clock.advance(timedelta(days=2))
    twice = await app.dispatcher.text(ANA, "/project ship alpha")
    assert twice.private and twice.error_id is None
    assert twice.text == "Alpha is already shipped."
    assert await ledger(app, "ana") == [
        ("project-add", 20),
        ("project-update", 10),
        ("project-ship", 100),
    ]
    # notes on a shipped project are still welcome (and earn the daily update XP)
    note = await app.dispatcher.text(ANA, "/project update alpha wrote a blog post about it")
    assert note.text == "Noted on Alpha (shipped; +10 XP)."
    assert await xp_of(app, "ana") == 140


async def test_another_member_may_use_the_same_name(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(ANA, "/project add Titanic https://github.com/ana/titanic")
    theirs = await app.dispatcher.text(BEN, "/project add titanic https://github.com/ben/t")
    assert theirs.text.startswith("Added titanic as an idea (+20 XP)")
    assert await xp_of(app, "ben") == 20
    # each member's own project is the one their commands reach
    await ready_to_ship(app, clock, BEN, "titanic")
    await app.dispatcher.text(BEN, "/project ship titanic")
    assert (await project_row(app, "ana", "Titanic"))["status"] == "idea"
    assert (await project_row(app, "ben", "titanic"))["status"] == "shipped"


async def test_a_name_of_exactly_one_hundred_characters_is_accepted(app: App) -> None:
    name = "n" * 100
    reply = await app.dispatcher.text(ANA, f"/project add {name}")
    assert_ok(reply)
    assert reply.text.startswith(f"Added {name} as an idea (+20 XP)")


async def test_a_valid_name_whose_case_folded_key_is_longer_is_accepted(app: App) -> None:
    """'ß' case-folds to 'ss': a German name within the 100-character limit must be stored
    (or refused with a clear line), never end in an unexpected error."""
    name = (
        "Große Straßen: Verkehrsfluss-Vorhersage für Groß-Berlin "
        "mit Gradient Boosting und Wetterdaten, 2026"
    )
    assert len(name) <= 100 < len(name.casefold())
    reply = await app.dispatcher.text(ANA, f'/project add "{name}"')
    assert_ok(reply)
    assert reply.text.startswith(f"Added {name} as an idea (+20 XP)")
    duplicate = await app.dispatcher.text(ANA, f'/project add "{name.lower()}"')
    assert duplicate.text == f"You already have a project called {name.lower()}."


# --- bad input: one private line, nothing changes ------------------------------------------


@pytest.fixture
async def projects_app(app: App, clock: ManualClock) -> App:
    """ana has Titanic (building) and Shipped one (shipped); ben has used the bot."""
    await app.dispatcher.text(ANA, "/project add Titanic https://github.com/ana/titanic")
    await app.dispatcher.text(ANA, "/project update titanic first model status:building")
    clock.advance(timedelta(minutes=1))
    await app.dispatcher.text(ANA, '/project add "Shipped one" https://github.com/ana/one')
    await ready_to_ship(app, clock, ANA, '"shipped one"')
    assert_ok(await app.dispatcher.text(ANA, '/project ship "shipped one"'))
    await app.dispatcher.text(BEN, "/project list")
    return app


BAD = [
    ("/project add " + "x" * 101, "The project name is 101 characters; keep it to 100."),
    ('/project add "' + "word " * 25 + '"', "The project name is 124 characters; keep it to 100."),
    ("/project add titanic", "You already have a project called titanic."),
    ('/project add "  TITANIC  "', "You already have a project called TITANIC."),
    ("/project update Nope did things", "You have no project called Nope. Your projects: "),
    ("/project ship Nope", "You have no project called Nope. Your projects: Titanic, Shipped one."),
    ("/project add Repo ftp://example.com/x", "The repo must be an http(s) link"),
    ("/project add Repo javascript:alert(1)", "The repo must be an http(s) link"),
    ("/project add Repo github.com/x", "The repo must be an http(s) link"),
    ("/project add Repo https://", "The repo must be an http(s) link"),
    ("/project add Repo repo:ftp://example.com", "The repo must be an http(s) link"),
    ("/project ship titanic ftp://example.com/x", "The demo link must be an http(s) link"),
    ("/project ship titanic javascript:alert(1)", "The demo link must be an http(s) link"),
    ("/project ship titanic github.com/x", "The demo link must be an http(s) link"),
    ("/project ship titanic https://", "The demo link must be an http(s) link"),
    ('/project ship "Shipped one"', "Shipped one is already shipped."),
    (
        "/project update titanic going back status:idea",
        "Titanic is already building; a project moves forward: idea → building → shipped.",
    ),
    (
        '/project update "shipped one" more work status:building',
        "Shipped one is already shipped; its status stays shipped.",
    ),
    ('/project update "shipped one" more work status:idea', "already shipped"),
    ("/project update titanic done status:shipped", "status must be one of: idea, building."),
    ("/project update titanic", "/project update needs note."),
    ("/project update titanic status:building", "/project update needs note."),
    ("/project update titanic " + "n" * 501, "The note on what changed is 501 characters"),
    ("/project add Long https://github.com/x " + "d" * 501, "The description is 501 characters"),
]


async def test_bad_input_is_one_private_line_and_changes_nothing(projects_app: App) -> None:
    app = projects_app
    for command, expected in BAD:
        before = await snapshot(app)
        reply = await app.dispatcher.text(ANA, command)
        assert expected in reply.text, (command, reply.text)
        assert reply.private and reply.error_id is None, command
        assert "\n" not in reply.text and reply.fields == () and reply.buttons == (), command
        assert await snapshot(app) == before, command


async def test_an_empty_note_is_refused_and_changes_nothing(projects_app: App) -> None:
    """A form (Discord/Slack modal) can hand the service an empty or blank note."""
    app = projects_app
    command = app.dispatcher.commands.find(("project", "update"))
    assert command is not None
    for note in ("", "   ", "\n\t "):
        before = await snapshot(app)
        reply = await app.dispatcher.command(ANA, command, {"project": "titanic", "note": note})
        assert reply.text == "Write a note on what changed.", repr(note)
        assert reply.private and reply.error_id is None
        assert await snapshot(app) == before, repr(note)


# --- the announcement ----------------------------------------------------------------------


async def test_shipping_is_announced_once_as_plain_text(app: App, clock: ManualClock) -> None:
    name = f"Bot {PINGS}"
    await app.dispatcher.text(
        ANA, f'/project add "{name}" https://github.com/ana/bot Pings {PINGS} on purpose'
    )
    update = await app.dispatcher.text(ANA, f"/project update bot tried {PINGS} status:building")
    assert update.text == f"Noted on {name} (building; +10 XP)."
    assert await outbox(app, "project") == []
    clock.advance(timedelta(days=1))
    shipped = await app.dispatcher.text(ANA, "/project ship bot https://bot.example.com")
    assert shipped.text == f"Shipped {name}! +100 XP. The channel hears about it."
    clock.advance(timedelta(days=1))
    again = await app.dispatcher.text(ANA, "/project ship bot")
    assert again.text == f"{name} is already shipped."

    posts = await outbox(app, "project")
    assert len(posts) == 1
    post = posts[0]
    assert post.status == "pending"
    assert post.payload == {
        "channel": "study-group",  # the community channel, not the member
        "reply": {
            "text": f"ana shipped their first portfolio project, {name}.\nPings {PINGS} on purpose",
            "title": "🚀 First project shipped",
            "fields": [
                ["Repo", "https://github.com/ana/bot", False],
                ["Demo", "https://bot.example.com", False],
            ],
            "buttons": [],
            "private": False,
        },
    }
    row = await project_row(app, "ana", name)
    assert row["name"] == name and row["description"] == f"Pings {PINGS} on purpose"
    async with app.uow(write=False) as uow:
        notes = (await uow.session.execute(text("SELECT note FROM project_updates"))).scalars()
        assert list(notes) == [f"tried {PINGS}"]
    listed = await app.dispatcher.text(ANA, "/project list")
    assert listed.fields[0].name == name
    assert f"latest: tried {PINGS} (05 Jan)" in listed.fields[0].value


async def test_each_shipped_project_is_announced_once(app: App, clock: ManualClock) -> None:
    for name in ("One", "Two"):
        await app.dispatcher.text(ANA, f"/project add {name} https://github.com/ana/{name}")
        await ready_to_ship(app, clock, ANA, name)
        await app.dispatcher.text(ANA, f"/project ship {name}")
        await app.dispatcher.text(ANA, f"/project ship {name}")
    posts = await outbox(app, "project")
    assert [p.payload["reply"]["text"] for p in posts] == [
        "ana shipped their first portfolio project, One.",
        "ana shipped Two.",
    ]
    assert len({p.key for p in posts}) == 2


# --- concurrency: double clicks and parallel commands ----------------------------------------


async def test_concurrent_ships_count_once(app: App, clock: ManualClock) -> None:
    await app.dispatcher.text(ANA, "/project add Alpha https://github.com/ana/alpha")
    await ready_to_ship(app, clock, ANA, "alpha")
    replies = await asyncio.gather(
        *(app.dispatcher.text(ANA, "/project ship alpha") for _ in range(4))
    )
    assert all(r.error_id is None for r in replies), [r.text for r in replies]
    assert sorted(r.text for r in replies) == [
        "Alpha is already shipped.",
        "Alpha is already shipped.",
        "Alpha is already shipped.",
        "Shipped Alpha! +100 XP. The channel hears about it.",
    ]
    assert await ledger(app, "ana") == [
        ("project-add", 20),
        ("project-update", 10),
        ("project-ship", 100),
    ]
    assert len(await outbox(app, "project")) == 1
    assert await outbox(app, "milestone") == []  # the one ship post says it is the first


async def test_concurrent_adds_respect_the_name_and_the_weekly_cap(app: App) -> None:
    await app.dispatcher.text(ANA, "/me show")  # enrolled
    same = await asyncio.gather(*(app.dispatcher.text(ANA, "/project add Alpha") for _ in range(3)))
    assert all(r.error_id is None for r in same), [r.text for r in same]
    assert sum(r.text.startswith("Added Alpha") for r in same) == 1
    assert sum(r.text == "You already have a project called Alpha." for r in same) == 2
    many = await asyncio.gather(*(app.dispatcher.text(ANA, f"/project add P{n}") for n in range(5)))
    assert all(r.error_id is None and r.text.startswith("Added P") for r in many)
    assert sum("(+20 XP)" in r.text for r in many) == 2  # Alpha took the first of three
    assert await ledger(app, "ana") == [("project-add", 20)] * 3
    assert await xp_of(app, "ana") == 60
