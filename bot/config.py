"""Settings from the environment and ``.env`` (SPEC §7). Nothing is read at import."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.shards import Shards, parse_shard_ids

PREFIX = "MLPATH_"
SLACK_API_DEFAULT = "https://slack.com/api/"


# read by the deployment files (deploy/entrypoint.sh), not by Settings
OTHER_VARIABLES = ("MLPATH_MIGRATE_ON_START",)
# the test harness's own (MLPATH_REFRESH_SCREENSHOTS: the README's dashboard picture)
TEST_PREFIXES = ("MLPATH_TEST_", "MLPATH_FAKE_", "MLPATH_REFRESH_")
SLACK_TOKEN_SHAPES = {
    "slack_bot_token": ("xoxb-", "bot token", "OAuth & Permissions"),
    "slack_app_token": ("xapp-", "app-level token", "Basic Information"),
}


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line naming it."""


# The async drivers mlpath runs on: the embedded default and the scale-out path.
DATABASE_DRIVERS = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite+aiosqlite:///mlpath.db"
    content_dir: Path | None = None
    discord_token: SecretStr | None = None
    discord_dev_guild: int | None = None
    discord_rate: Annotated[float, Field(gt=0, le=50)] = 50.0  # this process's share of 50/s
    # Discord shards of this process (bot/shards.py); unset: discord.py's automatic sharding
    discord_shard_count: Annotated[int | None, Field(ge=1)] = None
    discord_shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_command: str = "/mlpath"
    slack_admins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    slack_api_url: str = SLACK_API_DEFAULT
    # Slack for many workspaces (OAuth, SPEC §9): chosen when the client id and secret are set
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_redirect_url: str | None = None  # public https://HOST/slack/oauth_redirect
    # encrypts Slack tokens at rest; the keys before it stay readable during a rotation
    secret_key: SecretStr | None = None
    secret_keys_old: SecretStr | None = None
    # the operations endpoints of each `mlpath run` process (SPEC §9); port 0 turns them off
    ops_port: Annotated[int, Field(ge=0, le=65535)] = 9108
    ops_host: str = "127.0.0.1"
    # the web dashboard (SPEC §10): `mlpath run web`; links in replies start with web_url
    web_port: Annotated[int, Field(ge=0, le=65535)] = 8080
    web_host: str = "127.0.0.1"
    web_url: str | None = None  # the public base URL; default http://WEB_HOST:WEB_PORT
    web_secret: SecretStr | None = None  # signs dashboard links (else from MLPATH_SECRET_KEY)
    # hands-on exercises (SPEC §11): sandboxes graded at once per process (0: one per core)
    exercise_slots: Annotated[int, Field(ge=0, le=256)] = 0
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(DATABASE_DRIVERS):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("slack_command")
    @classmethod
    def _slash(cls, value: str) -> str:
        if not value.startswith("/") or " " in value or len(value) > 32:
            raise ValueError("a Slack command looks like /mlpath")
        return value

    @field_validator("slack_admins", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("discord_shard_count", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """Set but empty (a compose file's ``${VAR:-}``): no hand-made sharding."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _shard_ids(cls, value: object) -> object:
        """``0-3`` or ``0,2``; set but empty is unset, as for the count."""
        if isinstance(value, str):
            return parse_shard_ids(value) if value.strip() else None
        return value

    @field_validator("discord_shard_ids")
    @classmethod
    def _shards_fit(cls, value: tuple[int, ...] | None, info: ValidationInfo) -> object:
        Shards(info.data.get("discord_shard_count"), value)  # ShardError (a ValueError) says why
        return value

    def shards(self) -> Shards:
        """The Discord shards of this process."""
        return Shards(self.discord_shard_count, self.discord_shard_ids)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("content_dir")
    @classmethod
    def _exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"{value} is not a directory")
        return value

    @field_validator("slack_redirect_url")
    @classmethod
    def _redirect_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be a URL such as https://bot.example.org/slack/oauth_redirect")
        return value

    @field_validator("web_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(
                "must be the dashboard's public URL, such as https://mlpath.example.org"
            )
        return value.rstrip("/") if value else None

    def web_base(self) -> str:
        """The dashboard's public base URL, without a trailing slash."""
        return self.web_url or f"http://{self.web_host}:{self.web_port}"

    @field_validator("secret_key", "secret_keys_old")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        from cryptography.fernet import Fernet

        keys = [k for k in (value.get_secret_value() if value else "").split(",") if k.strip()]
        try:
            for key in keys:
                Fernet(key.strip().encode())
        except (ValueError, TypeError):
            raise ValueError(
                "not a valid key (32 url-safe base64-encoded bytes); make one with "
                "`mlpath slack new-key`"
            ) from None
        return value

    def secret(self, name: str) -> str:
        """The value of a required secret, or SettingsError naming it."""
        value = getattr(self, name)
        if value is None or not value.get_secret_value().strip():
            raise SettingsError(
                f"{PREFIX}{name.upper()} is not set; put it in the environment or .env"
            )
        return str(value.get_secret_value())

    @property
    def slack_oauth(self) -> bool:
        """Many workspaces through Slack's OAuth flow, rather than one bot token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def old_secret_keys(self) -> list[str]:
        value = self.secret_keys_old.get_secret_value() if self.secret_keys_old else ""
        return [key.strip() for key in value.split(",") if key.strip()]


def load_settings(**overrides: object) -> Settings:
    """Settings, or SettingsError with one line naming the first bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = PREFIX + str(error["loc"][0]).upper() if error["loc"] else "settings"
        raise SettingsError(f"{name}: {error['msg']}") from None


def known_variables() -> list[str]:
    return [PREFIX + name.upper() for name in Settings.model_fields] + list(OTHER_VARIABLES)


def unknown_variables(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> list[str]:
    """One warning per ``MLPATH_*`` name in the environment or ``.env`` that mlpath does not
    read (a typo is otherwise silently ignored), naming the closest known one."""
    names = set(os.environ if environ is None else environ)
    dotenv = Path(".env") if env_file is None else env_file
    if dotenv.is_file():
        from dotenv import dotenv_values

        names |= set(dotenv_values(dotenv))
    known = known_variables()
    warnings = []
    for name in sorted(n for n in names if n.upper().startswith(PREFIX)):
        if name.upper() in known or name.upper().startswith(TEST_PREFIXES):
            continue
        close = difflib.get_close_matches(name.upper(), known, n=1)
        hint = f"did you mean {close[0]}?" if close else "see the README for the settings."
        warnings.append(f"{name} is not a setting mlpath knows and is ignored; {hint}")
    return warnings


def malformed_slack_token(settings: Settings, *, socket_mode: bool) -> str | None:
    """One line when a Slack token that is set is obviously not one (a bot token starts with
    xoxb-, an app-level token with xapp-), before anything connects."""
    names = ["slack_bot_token"] + (["slack_app_token"] if socket_mode else [])
    for name in names:
        secret: SecretStr | None = getattr(settings, name)
        value = secret.get_secret_value().strip() if secret is not None else ""
        shape, kind, page = SLACK_TOKEN_SHAPES[name]
        if value and not value.startswith(shape):
            return (
                f"{PREFIX}{name.upper()} does not look like a Slack {kind} (one starts with "
                f"{shape}); copy it from your Slack app's {page} page"
            )
    return None
