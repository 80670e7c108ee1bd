"""Portfolio project commands: /project add, update, ship, list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.commands.spec import Command, Option
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.projects import (
    ADD_XP,
    PROJECT_XP_PER_WEEK,
    SHIP_XP,
    UPDATE_XP,
    URL_MAX,
)
from bot.services.projects import NAME_MAX as PROJECT_NAME_MAX
from bot.services.projects import TEXT_MAX as PROJECT_TEXT_MAX

if TYPE_CHECKING:
    from bot.services.registry import Services


def project_commands(services: Services) -> list[Command]:
    projects = services.projects

    async def do_project_add(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.add(actor, args["name"], args.get("repo"), args.get("description"))

    async def do_project_update(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.update(actor, args["project"], args["note"], args.get("status"))

    async def do_project_ship(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.ship(actor, args["project"], args.get("demo"))

    async def do_project_list(actor: Actor, args: Mapping[str, Any]) -> Reply:
        return await projects.list(actor, args.get("member"))

    project_option = Option(
        "project", "text", "Project name (see /project list)", required=True, max_length=100
    )
    return [
        Command(
            ("project", "add"),
            f"Start a portfolio project (+{ADD_XP} XP, {PROJECT_XP_PER_WEEK} times a week)",
            do_project_add,
            (
                Option("name", "text", "Project name", required=True, max_length=PROJECT_NAME_MAX),
                Option("repo", "text", "Repository link, http(s)", max_length=URL_MAX),
                Option("description", "rest", "What it does", max_length=PROJECT_TEXT_MAX),
            ),
            form=("name", "repo", "description"),
            example='/project add "Titanic survival" https://github.com/ana/titanic Who survives?',
        ),
        Command(
            ("project", "update"),
            f"Log progress on a project (+{UPDATE_XP} XP once a day per project)",
            do_project_update,
            (
                project_option,
                Option("note", "rest", "What changed", required=True, max_length=PROJECT_TEXT_MAX),
                Option(
                    "status",
                    "choice",
                    "idea or building (a note's last word building sets it too)",
                    choices=("idea", "building"),
                    trailing=("building",),
                ),
            ),
            form=("note",),
            example="/project update titanic cleaned the data, first model building",
        ),
        Command(
            ("project", "ship"),
            f"Ship a project and tell the channel (+{SHIP_XP} XP, {PROJECT_XP_PER_WEEK} times a "
            "week): after an update on an earlier day, with a link",
            do_project_ship,
            (
                project_option,
                Option(
                    "demo", "text", "Demo link, http(s); needed without a repo", max_length=URL_MAX
                ),
            ),
            example="/project ship titanic https://ana.github.io/titanic",
        ),
        Command(
            ("project", "list"),
            "Your projects, or another member's",
            do_project_list,
            (Option("member", "member", "Whose projects"),),
            example="/project list @ana",
        ),
    ]
