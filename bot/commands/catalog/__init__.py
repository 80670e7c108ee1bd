"""The commands mlpath offers, built once from the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.catalog.admin import admin_commands
from bot.commands.catalog.career import career_commands
from bot.commands.catalog.checkin import checkin_actions, checkin_commands
from bot.commands.catalog.competitions import competition_admin_commands, competition_commands
from bot.commands.catalog.dashboard import admin_dashboard_commands, dashboard_commands
from bot.commands.catalog.exercises import exercise_commands
from bot.commands.catalog.help import help_command, help_reply
from bot.commands.catalog.me import me_actions, me_commands
from bot.commands.catalog.pairs import pair_actions, pair_admin_commands, pair_commands
from bot.commands.catalog.projects import project_commands
from bot.commands.catalog.quiz import quiz_actions, quiz_commands
from bot.commands.catalog.roadmap import roadmap_commands
from bot.commands.spec import ActionHandler, Command, CommandSet
from bot.content.catalog import Catalog
from bot.replies import FORM_ACTION, Reply
from bot.services.actor import Actor

if TYPE_CHECKING:
    from bot.services.registry import Services

__all__ = ["build_commands", "help_reply"]


def build_commands(services: Services, catalog: Catalog) -> CommandSet:
    commands: list[Command] = [
        *checkin_commands(services),
        *quiz_commands(services),
        *exercise_commands(services),
        *competition_commands(services),
        *project_commands(services),
        *career_commands(services, catalog),
        *me_commands(services),
        *dashboard_commands(services),
        *roadmap_commands(services),
        *pair_commands(services),
        *admin_commands(services, catalog),
        *pair_admin_commands(services),
        *competition_admin_commands(services),
        *admin_dashboard_commands(services),
    ]
    commands.insert(0, help_command(commands))

    async def press_form(actor: Actor, arg: str) -> Reply:
        """Discord and Slack open the command's form for a ``form`` button; the console,
        which has no forms, answers with what to type."""
        command = command_set.named(arg)
        if command is None:
            return Reply("That button no longer does anything. Type /help to see what you can do.")
        return Reply(f"Type {command.usage}")

    actions: dict[str, ActionHandler] = {
        FORM_ACTION: press_form,
        **checkin_actions(services),
        **quiz_actions(services),
        **me_actions(services),
        **pair_actions(services),
    }
    command_set = CommandSet(tuple(commands), actions)
    return command_set
