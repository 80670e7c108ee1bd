"""``mlpath slack …``: the app manifest, and the key Slack tokens are encrypted with."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer

from bot.cli_checks import fail, on_database, one_line
from bot.config import SettingsError

slack_app = typer.Typer(help="Slack helpers.", no_args_is_help=True)
Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback when it fails")]


@slack_app.command("manifest")
def slack_manifest() -> None:
    """A ready Slack app manifest (command, scopes, interactivity, Home tab)."""
    from bot.cli import settings_or_exit
    from bot.platforms.slack.manifest import manifest

    settings = settings_or_exit()
    manifested = manifest(settings.slack_command, settings.slack_redirect_url)
    typer.echo(json.dumps(manifested, indent=2))


@slack_app.command("new-key")
def slack_new_key() -> None:
    """A fresh MLPATH_SECRET_KEY, which Slack tokens are encrypted with at rest."""
    from bot.services.secrets import new_key

    typer.echo(new_key())


@slack_app.command("rotate-key")
def slack_rotate_key(debug: Debug = False) -> None:
    """Re-encrypt every stored Slack token under MLPATH_SECRET_KEY (docs/deploy.md)."""
    from bot.bootstrap import refuse_unmigrated
    from bot.cli import settings_or_exit
    from bot.platforms.slack.installations import reencrypt_tokens
    from bot.services.secrets import SecretKeyError

    settings = settings_or_exit()
    with one_line(settings, debug):
        on_database(settings, refuse_unmigrated(settings.database_url))
    try:
        count = asyncio.run(reencrypt_tokens(settings))
    except (SettingsError, SecretKeyError) as exc:
        raise fail(str(exc), 2) from None
    typer.echo(f"re-encrypted the tokens of {count} Slack install(s) under MLPATH_SECRET_KEY")
