"""Moderator commands: /admin ... (the question bank ones are in admin_quiz)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.catalog.admin_quiz import admin_quiz_commands
from bot.commands.spec import Command, Option
from bot.content.catalog import Catalog
from bot.replies import Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services


def admin_commands(services: Services, catalog: Catalog) -> list[Command]:
    admin = services.admin
    steward = services.stewardship

    async def do_post_now(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await admin.post_now(actor, args.get("what", "daily"))

    async def do_setup(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await admin.setup(
            actor,
            args["channel"],
            args["time"],
            args["timezone"],
            args.get("day_start"),
            args.get("start_date"),
        )

    async def do_pause(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await admin.set_paused(actor, True)

    async def do_resume(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await admin.set_paused(actor, False)

    async def do_roadmap_day(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.roadmap_day(actor, args["day"])

    async def do_roadmap_restart(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.roadmap_restart(actor)

    async def do_xp(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.grant_xp(actor, args["member"], args["amount"], args.get("reason", ""))

    async def do_restore(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.restore_streak(
            actor, args["member"], args["days"], args.get("reason", "")
        )

    async def do_mods(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.moderators(actor, args["change"], args.get("member"))

    async def do_audit(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.audit_log(
            actor, args.get("kind", "all"), args.get("member"), args.get("page", 1)
        )

    async def do_stats(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.stats(actor)

    async def do_ladder_roles(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.ladder_roles(actor, args.get("level"), args.get("role"))

    async def do_export(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.export(actor, args.get("format", "json"))

    async def do_project_reject(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await services.projects.reject(
            actor, args["member"], args["project"], args.get("reason", "")
        )

    member = Option("member", "member", "The member", required=True)
    reason = Option("reason", "rest", "Why (kept in the audit log)", required=True, max_length=200)

    return [
        Command(
            ("admin", "setup"),
            "Where and when the daily post goes, and the roadmap start",
            do_setup,
            (
                Option("channel", "channel", "The channel for daily posts", required=True),
                Option("time", "text", "Post time, HH:MM (24 h)", required=True, max_length=5),
                Option(
                    "timezone",
                    "text",
                    "IANA timezone, e.g. Europe/Berlin",
                    required=True,
                    max_length=64,
                ),
                Option(
                    "day_start",
                    "text",
                    "When a study day starts, HH:MM (default 00:00)",
                    max_length=5,
                ),
                Option(
                    "start_date", "text", "Roadmap day 1, YYYY-MM-DD (default today)", max_length=10
                ),
            ),
            moderator=True,
        ),
        Command(("admin", "pause"), "Pause daily posts and reminders", do_pause, moderator=True),
        Command(
            ("admin", "roadmap-day"),
            "Move the group to roadmap day N",
            do_roadmap_day,
            (
                Option(
                    "day",
                    "int",
                    "Day number",
                    required=True,
                    min_value=1,
                    max_value=len(catalog.roadmap.days),
                ),
            ),
            moderator=True,
        ),
        Command(
            ("admin", "roadmap-restart"),
            "Start the roadmap again today",
            do_roadmap_restart,
            moderator=True,
        ),
        Command(
            ("admin", "xp"),
            "Give (or take) XP, with a reason",
            do_xp,
            (
                member,
                Option(
                    "amount",
                    "int",
                    "XP, -1000 to 1000",
                    required=True,
                    min_value=-1000,
                    max_value=1000,
                ),
                reason,
            ),
            moderator=True,
        ),
        Command(
            ("admin", "streak-restore"),
            "Credit missed days after a member's last check-in, with a reason",
            do_restore,
            (
                member,
                Option(
                    "days", "int", "Days to restore, 1–14", required=True, min_value=1, max_value=14
                ),
                reason,
            ),
            moderator=True,
        ),
        Command(
            ("admin", "mods"),
            "Add, remove or list moderators",
            do_mods,
            (
                Option(
                    "change",
                    "choice",
                    "add, remove or list",
                    required=True,
                    choices=("add", "remove", "list"),
                ),
                Option("member", "member", "The member (add, remove)"),
            ),
            moderator=True,
        ),
        Command(
            ("admin", "audit"),
            "The audit log, newest first: actions, refused attempts, or both",
            do_audit,
            (
                Option(
                    "kind",
                    "choice",
                    "actions, refused or all (default)",
                    choices=("all", "actions", "refused"),
                ),
                Option("member", "member", "Only entries by or about this member"),
                Option("page", "int", "Page, 1 the newest (default)", min_value=1, max_value=1000),
            ),
            moderator=True,
        ),
        *admin_quiz_commands(services),
        Command(
            ("admin", "ladder-roles"),
            "Give a Discord role on reaching a ladder level (no role: remove; nothing: list)",
            do_ladder_roles,
            (
                Option(
                    "level",
                    "choice",
                    "The ladder level",
                    choices=tuple(lvl.key for lvl in catalog.ladder.reachable),
                ),
                Option("role", "role", "The role to give"),
            ),
            moderator=True,
        ),
        Command(
            ("admin", "stats"),
            "Active members, check-ins per day (a chart) and quiz accuracy",
            do_stats,
            moderator=True,
        ),
        Command(
            ("admin", "export"),
            "Download the whole community (mlpath-export/1)",
            do_export,
            (Option("format", "choice", "json (default) or csv", choices=("json", "csv")),),
            moderator=True,
        ),
        Command(("admin", "resume"), "Resume daily posts and reminders", do_resume, moderator=True),
        Command(
            ("admin", "project", "reject"),
            "Reject a member's project: its XP and shipped evidence are withdrawn",
            do_project_reject,
            (
                member,
                Option(
                    "project",
                    "text",
                    "Project name (see /project list)",
                    required=True,
                    max_length=100,
                ),
                reason,
            ),
            moderator=True,
            example="/admin project reject @ana Titanic copied from a tutorial, not her work",
        ),
        Command(
            ("admin", "post-now"),
            "Post today's daily, challenge or weekly post now (never twice)",
            do_post_now,
            (
                Option(
                    "what",
                    "choice",
                    "What to post (default daily)",
                    choices=("daily", "challenge", "weekly"),
                ),
            ),
            moderator=True,
        ),
    ]
