"""A display name is not an identity (issue 12, item 1): a platform mention or user option acts
on that user id only, and a typed name is accepted in the console only when it is unique.
Through the dispatcher every front door uses, on SQLite and Postgres."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import App
from bot.replies import Reply
from bot.services.actor import Actor, MemberRef
from tests.helpers import console_actor

GUILD = "900"
# Mallory took "Alice" as her server nickname; the real Alice (id 111) never used mlpath.
MALLORY = Actor("discord", GUILD, "222", "Alice", "Study", "C1")
OWNER = Actor("discord", GUILD, "333", "Owner", "Study", "C1", platform_moderator=True)
REAL_ALICE = MemberRef("111", "Alice")
SLACK_TEAM = "T0TEAM"
SLACK_MALLORY = Actor("slack", SLACK_TEAM, "U0MALLORY", "alice", "team", "C0STUDY")
SLACK_ADMIN = Actor("slack", SLACK_TEAM, "U0ADMIN", "admin", "team", "C0STUDY", None, True)


async def discord(app: App, actor: Actor, command: str, **args: Any) -> Reply:
    """A Discord slash command: the user option arrives as a MemberRef with the user id."""
    spec = app.dispatcher.commands.named(command)
    assert spec is not None, command
    return await app.dispatcher.command(actor, spec, args)


async def member_row(app: App, platform: str, community: str, user_id: str) -> Any:
    async with app.uow(write=False) as uow:
        found = await uow.members.enrolled(platform, community, user_id)
        return None if found is None else found[1]


async def test_mods_add_by_mention_never_promotes_a_namesake(app: App) -> None:
    await app.dispatcher.text(MALLORY, "/checkin")
    reply = await discord(app, OWNER, "admin mods", change="add", member=REAL_ALICE)
    assert reply.text == "Alice is now a moderator."
    refused = await app.dispatcher.text(MALLORY, "/admin audit")
    assert "is for moderators of this community" in refused.text  # Mallory did not get it
    alice = await member_row(app, "discord", GUILD, "111")
    assert alice is not None and alice.is_moderator  # the real Alice, enrolled by her id
    assert alice.name == "Alice" and alice.xp == 0


async def test_commands_about_a_mentioned_newcomer_say_so_and_touch_no_namesake(app: App) -> None:
    await app.dispatcher.text(MALLORY, "/checkin")
    await app.dispatcher.text(MALLORY, '/project add "Heist planner"')
    never = "Alice has not used mlpath in this community yet."
    for command, args in (
        ("admin xp", {"member": REAL_ALICE, "amount": 500, "reason": "great help"}),
        ("admin streak-restore", {"member": REAL_ALICE, "days": 1, "reason": "outage"}),
        ("streak show", {"member": REAL_ALICE}),
        ("project list", {"member": REAL_ALICE}),
        ("profile", {"member": REAL_ALICE}),
    ):
        reply = await discord(app, OWNER, command, **args)
        assert reply.text == never and reply.error_id is None, (command, reply.text)
    mallory = await member_row(app, "discord", GUILD, "222")
    assert mallory.xp == 30  # her check-in and her project, not a moderator's 500
    assert await member_row(app, "discord", GUILD, "111") is None  # looking enrols no one
    shown = await discord(app, OWNER, "streak show", member=MemberRef("222", "Alice"))
    assert shown.title == "Alice's streak"  # by her id, Mallory is found


async def test_slack_mentions_act_on_the_id_and_typed_names_are_refused(app: App) -> None:
    await app.dispatcher.text(SLACK_MALLORY, "/checkin")
    added = await app.dispatcher.text(SLACK_ADMIN, "/admin mods add <@U0ALICE|alice>")
    assert added.text == "alice is now a moderator."
    assert "is for moderators" in (await app.dispatcher.text(SLACK_MALLORY, "/admin audit")).text
    assert (await member_row(app, "slack", SLACK_TEAM, "U0ALICE")).is_moderator
    typed = await app.dispatcher.text(SLACK_ADMIN, "/admin xp alice 50 thanks")
    assert typed.text == (
        "`alice` is a name, and anyone can take a name: mention the member instead "
        "(type @ and pick them from the list)."
    )
    assert (await member_row(app, "slack", SLACK_TEAM, "U0MALLORY")).xp == 10
    ghost = await app.dispatcher.text(SLACK_ADMIN, "/streak <@U0GHOST>")
    assert ghost.text == "U0GHOST has not used mlpath in this community yet."


async def test_a_discord_style_mention_in_text_is_an_id(app: App) -> None:
    await app.dispatcher.text(MALLORY, "/checkin")
    reply = await app.dispatcher.text(OWNER, "/streak <@111>")
    assert reply.text == "111 has not used mlpath in this community yet."
    assert (await app.dispatcher.text(OWNER, "/streak <@!222>")).title == "Alice's streak"


async def test_the_console_takes_a_unique_name_and_lists_namesakes(app: App) -> None:
    mod = console_actor("mod")
    await app.dispatcher.text(mod, "/checkin")  # the first console member moderates
    sam_one = Actor("console", "local", "u1", "Sam", "local", "study-group")
    sam_two = Actor("console", "local", "u2", "sam", "local", "study-group")
    await app.dispatcher.text(sam_one, "/checkin")
    await app.dispatcher.text(sam_two, "/checkin")
    await app.dispatcher.text(console_actor("ben"), "/checkin")
    candidates = "Sam (id u1), sam (id u2). Name one by its id."
    for command, typed in (
        ("/streak sam", "sam"),
        ("/admin xp SAM 5 thanks", "SAM"),
        ("/profile sam", "sam"),
        ("/project list sam", "sam"),
    ):
        reply = await app.dispatcher.text(mod, command)
        assert reply.text == f"More than one member goes by {typed}: {candidates}", reply.text
    granted = await app.dispatcher.text(mod, "/admin xp u2 5 thanks")
    assert granted.text.startswith("sam gets 5 XP (now 15)")
    assert (await app.dispatcher.text(mod, "/streak Ben")).title == "ben's streak"
    assert (await app.dispatcher.text(mod, "/admin mods add nobody")).text == (
        "nobody has not used mlpath in this community yet."
    )
