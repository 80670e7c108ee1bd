"""The deployment files (issue 14): Docker cannot run here, so what can be checked is: the
files parse, the image is multi-stage, non-root and checks /readyz, and every command they
run is a real `mlpath` command (its `--help` is accepted)."""

from __future__ import annotations

import configparser
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app

ROOT = Path(__file__).resolve().parents[2]


def accepts(args: list[str]) -> None:
    """``mlpath ARGS --help`` works: the command and its options exist."""
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0, (args, result.output)


def dockerfile() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_the_image_is_multi_stage_non_root_and_checks_readiness() -> None:
    lines = dockerfile()
    assert sum(line.startswith("FROM ") for line in lines) == 2
    user = next(line for line in lines if line.startswith("USER "))
    assert user.split()[1] not in {"root", "0"}
    health = next(line for line in lines if line.startswith("HEALTHCHECK "))
    assert "/readyz" in health and "9108" in health
    entry = json.loads(next(line for line in lines if line.startswith("ENTRYPOINT "))[11:])
    assert entry == ["mlpath-entrypoint"]
    accepts(json.loads(next(line for line in lines if line.startswith("CMD "))[4:]))
    for line in lines:
        if line.startswith("COPY ") and "--from" not in line:
            source = line.split()[1]
            assert (ROOT / source).exists(), source


def test_the_entrypoint_is_valid_shell_and_migrates_behind_a_flag() -> None:
    script = ROOT / "deploy" / "entrypoint.sh"
    subprocess.run(["sh", "-n", str(script)], check=True)
    text = script.read_text()
    assert 'if [ "${MLPATH_MIGRATE_ON_START:-0}" = "1" ]' in text
    assert "mlpath db upgrade" in text and 'exec mlpath "$@"' in text
    accepts(["db", "upgrade"])


def test_compose_runs_the_bot_on_postgres() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "bot"}
    bot = services["bot"]
    accepts(bot["command"])
    assert bot["environment"]["MLPATH_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_systemd_unit_runs_real_commands() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "mlpath.service")
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    for key in ("ExecStartPre", "ExecStart"):
        command = shlex.split(service[key])
        assert command[0] == "/opt/mlpath/bin/mlpath"
        accepts(command[1:])
    assert service["KillSignal"] == "SIGTERM" and service["User"] != "root"


@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", "deploy/mlpath.service"])
def test_the_deploy_guide_names_each_file(name: str) -> None:
    assert f"`{name}`" in (ROOT / "docs" / "deploy.md").read_text()


def test_the_readme_shows_the_picture_of_running_at_scale_as_its_script_draws_it(
    tmp_path: Path,
) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running at scale", 1)[1].split("\n## ", 1)[0]
    assert "](docs/running-at-scale.svg)" in section
    drawn = tmp_path / "scale.svg"
    subprocess.run(
        [sys.executable, str(ROOT / "docs/diagrams/running_at_scale.py"), str(drawn)],
        check=True,
        capture_output=True,
    )
    assert drawn.read_bytes() == (ROOT / "docs/running-at-scale.svg").read_bytes()
