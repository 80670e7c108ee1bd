"""Settings: a bad or missing setting stops start-up with one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("MLPATH_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(str(tmp_path))  # no stray .env


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///mlpath.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.slack_command == "/mlpath"


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("MLPATH_DATABASE_URL", "mysql://x", "MLPATH_DATABASE_URL"),
        ("MLPATH_LOG_FORMAT", "xml", "MLPATH_LOG_FORMAT"),
        ("MLPATH_DISCORD_DEV_GUILD", "abc", "MLPATH_DISCORD_DEV_GUILD"),
        ("MLPATH_SLACK_COMMAND", "mlpath", "MLPATH_SLACK_COMMAND"),
        ("MLPATH_SLACK_API_URL", "slack.com", "MLPATH_SLACK_API_URL"),
        ("MLPATH_CONTENT_DIR", "/no/such/dir", "MLPATH_CONTENT_DIR"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str, named: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(named) and "\n" not in message


def test_a_missing_secret_is_named_and_secrets_never_print(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = load_settings()
    with pytest.raises(SettingsError, match="MLPATH_DISCORD_TOKEN is not set"):
        settings.secret("discord_token")
    monkeypatch.setenv("MLPATH_SLACK_BOT_TOKEN", "xoxb-very-secret")
    settings = load_settings()
    assert "xoxb-very-secret" not in repr(settings)
    assert settings.secret("slack_bot_token") == "xoxb-very-secret"


def test_lists_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    Path(str(tmp_path), ".env").write_text("MLPATH_SLACK_ADMINS=U1, U2\nMLPATH_LOG_LEVEL=debug\n")
    settings = load_settings()
    assert settings.slack_admins == ["U1", "U2"]
    assert settings.log_level == "DEBUG"


def test_an_unknown_mlpath_variable_names_the_closest_setting(tmp_path: Path) -> None:
    from bot.config import unknown_variables

    env = {
        "MLPATH_DATABSE_URL": "x",
        "MLPATH_LOG_LEVEL": "INFO",
        "MLPATH_TEST_POSTGRES": "skip",
        "MLPATH_ZZZ": "1",
        "HOME": "/",
    }
    assert unknown_variables(env, env_file=tmp_path / "none") == [
        "MLPATH_DATABSE_URL is not a setting mlpath knows and is ignored; did you mean "
        "MLPATH_DATABASE_URL?",
        "MLPATH_ZZZ is not a setting mlpath knows and is ignored; see the README for the settings.",
    ]
    dotenv = tmp_path / ".env"
    dotenv.write_text("MLPATH_SLACK_BOT_TOKN=xoxb-1\n")
    assert unknown_variables({}, env_file=dotenv) == [
        "MLPATH_SLACK_BOT_TOKN is not a setting mlpath knows and is ignored; did you mean "
        "MLPATH_SLACK_BOT_TOKEN?"
    ]


def test_an_obviously_malformed_slack_token_is_named() -> None:
    from bot.config import load_settings, malformed_slack_token

    good = load_settings(slack_bot_token="xoxb-1", slack_app_token="xapp-1")
    assert malformed_slack_token(good, socket_mode=True) is None
    bad_app = load_settings(slack_bot_token="xoxb-1", slack_app_token="xoxb-2")
    assert malformed_slack_token(bad_app, socket_mode=False) is None  # HTTP needs no app token
    assert "MLPATH_SLACK_APP_TOKEN does not look like a Slack app-level token" in str(
        malformed_slack_token(bad_app, socket_mode=True)
    )
