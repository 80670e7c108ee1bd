"""The commands mlpath offers, built once from the services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import ActionHandler, Command, CommandSet, Option
from bot.content.catalog import Catalog
from bot.domain.periods import PERIODS
from bot.domain.quiz import ROUND_DEFAULT_COUNT, ROUND_DEFAULT_SECONDS
from bot.replies import FORM_ACTION, Field, Reply
from bot.services.actor import Actor
from bot.services.checkin import NOTE_MAX
from bot.services.leaderboard import METRICS
from bot.services.projects import NAME_MAX as PROJECT_NAME_MAX
from bot.services.projects import TEXT_MAX as PROJECT_TEXT_MAX
from bot.services.projects import URL_MAX

if TYPE_CHECKING:
    from bot.bootstrap import Services


def build_commands(services: Services, catalog: Catalog) -> CommandSet:
    checkin = services.checkin
    export = services.export
    quiz = services.quiz
    rounds = services.rounds

    async def do_checkin(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.checkin(actor, args.get("note"))

    async def do_streak(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.streak(actor, args.get("member"))

    async def do_timezone(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await checkin.timezone(actor, args.get("tz"))

    async def do_me_export(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await export.me(actor)

    async def do_practice(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await quiz.practice(actor, args.get("topic"), args.get("difficulty"))

    async def do_round(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await rounds.start(
            actor,
            args.get("count", ROUND_DEFAULT_COUNT),
            args.get("seconds", ROUND_DEFAULT_SECONDS),
            args.get("topic"),
        )

    async def do_topics(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await quiz.topics(actor)

    admin = services.admin
    roadmap = services.roadmap

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

    async def do_today(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await roadmap.today(actor)

    async def do_roadmap(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await roadmap.roadmap(actor)

    async def do_remind(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await roadmap.remind(actor, args["switch"], args.get("time"))

    steward = services.stewardship
    privacy = services.privacy

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
        return await steward.audit_log(actor)

    async def do_stats(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.stats(actor)

    async def do_quiz_disable(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.quiz_disable(actor, args["question"], args.get("undo") != "undo")

    bank = services.bank

    async def do_quiz_add(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await bank.add(
            actor,
            args["topic"],
            args["difficulty"],
            args["stem"],
            args["choices"],
            args["answer"],
            args["explanation"],
        )

    async def do_quiz_import(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await bank.import_yaml(actor, args["bank"])

    async def do_ladder_roles(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.ladder_roles(actor, args.get("level"), args.get("role"))

    async def do_export(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await steward.export(actor, args.get("format", "json"))

    async def do_hide(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await privacy.set_hidden(actor, True)

    async def do_show(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await privacy.set_hidden(actor, False)

    async def do_delete(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await privacy.ask_delete(actor)

    projects = services.projects
    career = services.career
    leaderboard = services.leaderboard

    async def do_project_add(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.add(actor, args["name"], args.get("repo"), args.get("description"))

    async def do_project_update(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.update(actor, args["project"], args["note"], args.get("status"))

    async def do_project_ship(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.ship(actor, args["project"], args.get("demo"))

    async def do_project_list(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.list(actor, args.get("member"))

    async def do_ladder(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await career.ladder(actor)

    async def do_track(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await career.choose_track(actor, args["track"])

    async def do_profile(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await career.profile(actor, args.get("member"))

    async def do_leaderboard(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await leaderboard.show(actor, args.get("metric", "xp"), args.get("period", "week"))

    member = Option("member", "member", "The member", required=True)
    reason = Option("reason", "rest", "Why (kept in the audit log)", required=True, max_length=200)

    topic = Option("topic", "text", "A quiz topic, e.g. numpy (see /quiz topics)", max_length=40)
    project_option = Option(
        "project", "text", "Project name (see /project list)", required=True, max_length=100
    )

    commands: list[Command] = [
        Command(
            ("checkin",),
            "Check in for today's study; add what you did as a note",
            do_checkin,
            (Option("note", "rest", "What you studied today", max_length=NOTE_MAX),),
        ),
        Command(
            ("streak",),
            "Show your streak, or another member's",
            do_streak,
            (Option("member", "member", "Whose streak to show"),),
        ),
        Command(
            ("timezone",),
            "Show or set your personal timezone (IANA name, or 'reset')",
            do_timezone,
            (
                Option(
                    "tz", "text", "e.g. Europe/Berlin, America/New_York, or reset", max_length=64
                ),
            ),
        ),
        Command(
            ("quiz", "practice"),
            "A practice question picked for you by spaced repetition",
            do_practice,
            (
                topic,
                Option("difficulty", "int", "1 easy, 2 medium, 3 hard", min_value=1, max_value=3),
            ),
            default=True,
        ),
        Command(
            ("quiz", "round"),
            "Start a live quiz round in this channel",
            do_round,
            (
                Option("count", "int", "Questions, 1–20 (default 5)", min_value=1, max_value=20),
                Option(
                    "seconds",
                    "int",
                    "Seconds per question, 5–120 (default 20)",
                    min_value=5,
                    max_value=120,
                ),
                topic,
            ),
        ),
        Command(("quiz", "topics"), "Your answers and mastery per quiz topic", do_topics),
        Command(
            ("project", "add"),
            "Start a portfolio project (+20 XP, 3 times a week)",
            do_project_add,
            (
                Option("name", "text", "Project name", required=True, max_length=PROJECT_NAME_MAX),
                Option("repo", "text", "Repository link, http(s)", max_length=URL_MAX),
                Option("description", "rest", "What it does", max_length=PROJECT_TEXT_MAX),
            ),
            form=("name", "repo", "description"),
        ),
        Command(
            ("project", "update"),
            "Log progress on a project (+10 XP once a day per project)",
            do_project_update,
            (
                project_option,
                Option("note", "rest", "What changed", required=True, max_length=PROJECT_TEXT_MAX),
                Option("status", "choice", "idea or building", choices=("idea", "building")),
            ),
            form=("note",),
        ),
        Command(
            ("project", "ship"),
            "Mark a project shipped (+100 XP) and tell the channel",
            do_project_ship,
            (project_option, Option("demo", "text", "Demo link, http(s)", max_length=URL_MAX)),
        ),
        Command(
            ("project", "list"),
            "Your projects, or another member's",
            do_project_list,
            (Option("member", "member", "Whose projects"),),
        ),
        Command(
            ("ladder", "show"),
            "Your level and what is missing for the next",
            do_ladder,
            default=True,
        ),
        Command(
            ("ladder", "track"),
            "Choose your track after Senior ML Engineer",
            do_track,
            (
                Option(
                    "track",
                    "choice",
                    "architect, research or product",
                    required=True,
                    choices=tuple(t.key for t in catalog.ladder.tracks),
                ),
            ),
        ),
        Command(
            ("profile",),
            "Level, XP, streak, projects and milestones, with a picture",
            do_profile,
            (Option("member", "member", "Whose profile"),),
        ),
        Command(
            ("leaderboard",),
            "Top 10 and your rank",
            do_leaderboard,
            (
                Option("metric", "choice", "xp (default), streak or quiz", choices=METRICS),
                Option("period", "choice", "week (default), month or all", choices=PERIODS),
            ),
        ),
        Command(("me", "export"), "Download everything mlpath stores about you", do_me_export),
        Command(("me", "hide"), "Leave the leaderboards", do_hide),
        Command(("me", "show"), "Appear on the leaderboards again", do_show),
        Command(("me", "delete"), "Erase everything mlpath stores about you", do_delete),
        Command(("today",), "Today's roadmap post, just for you", do_today),
        Command(("roadmap",), "The seven steps, where the group is, and your days", do_roadmap),
        Command(
            ("remind",),
            "A private nudge at your time on days you have not checked in",
            do_remind,
            (
                Option("switch", "choice", "on or off", required=True, choices=("on", "off")),
                Option("time", "text", "HH:MM, your local time (default 20:00)", max_length=5),
            ),
        ),
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
            (Option("day", "int", "Day number", required=True, min_value=1, max_value=366),),
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
        Command(("admin", "audit"), "The latest moderator actions", do_audit, moderator=True),
        Command(
            ("admin", "quiz", "disable"),
            "Take a question out of this group's quizzes (undo: put it back)",
            do_quiz_disable,
            (
                Option(
                    "question", "text", "Question id, e.g. numpy-007", required=True, max_length=60
                ),
                Option("undo", "choice", "undo to put it back", choices=("undo",)),
            ),
            moderator=True,
        ),
        Command(
            ("admin", "quiz", "add"),
            "Add a question to this group's quizzes",
            do_quiz_add,
            (
                Option("topic", "text", "Quiz topic, e.g. numpy", required=True, max_length=40),
                Option(
                    "difficulty",
                    "int",
                    "1 easy, 2 medium, 3 hard",
                    required=True,
                    min_value=1,
                    max_value=3,
                ),
                Option(
                    "answer",
                    "int",
                    "Which choice is right (1–5)",
                    required=True,
                    min_value=1,
                    max_value=5,
                ),
                Option("stem", "text", "The question", required=True, max_length=400),
                Option(
                    "choices",
                    "text",
                    "2–5 choices, one per line (or a | b | c)",
                    required=True,
                    max_length=400,
                ),
                Option(
                    "explanation",
                    "rest",
                    "Why the answer is right and the others are not",
                    required=True,
                    max_length=1000,
                ),
            ),
            moderator=True,
            form=("stem", "choices", "explanation"),
        ),
        Command(
            ("admin", "quiz", "import"),
            "Import questions from YAML in the bank's format (all or nothing)",
            do_quiz_import,
            (
                Option(
                    "bank",
                    "file",
                    "The questions: a YAML file like content/quizzes/*.yaml",
                    required=True,
                ),
            ),
            moderator=True,
            form=("bank",),
        ),
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

    async def do_help(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return help_reply(commands)

    commands.insert(0, Command(("help",), "Show what mlpath can do", do_help))

    async def press_checkin(actor: Actor, arg: str) -> Reply:
        return await checkin.checkin(actor)

    async def press_next(actor: Actor, arg: str) -> Reply:
        return await quiz.practice(actor)

    async def press_form(actor: Actor, arg: str) -> Reply:
        """Discord and Slack open the command's form for a ``form`` button; the console,
        which has no forms, answers with what to type."""
        command = command_set.named(arg)
        if command is None:
            return Reply("That button no longer does anything. Type /help to see what you can do.")
        return Reply(f"Type {command.usage}")

    actions: dict[str, ActionHandler] = {
        FORM_ACTION: press_form,
        "checkin": press_checkin,
        "quiz": press_next,
        "qa": quiz.answer_practice,
        "qc": quiz.answer_challenge,
        "qr": rounds.answer,
        "medelete": privacy.confirm_delete,
        "mekeep": privacy.keep,
    }
    command_set = CommandSet(tuple(commands), actions)
    return command_set


def help_reply(commands: list[Command]) -> Reply:
    fields = tuple(
        Field(c.usage + ("  (moderators)" if c.moderator else ""), c.summary, inline=False)
        for c in commands
    )
    return Reply(
        "mlpath keeps your study streak and walks your group through the ML-engineer roadmap. "
        "A check-in counts for your study day in your own timezone.",
        title="mlpath commands",
        fields=fields,
    )
