"""``mlpath community list|delete`` (issue 14): a community goes with everything that belongs
to it, in every table — new ones included — and nothing of another community goes with it;
and ``mlpath run`` refuses shard flags where there are no shards."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    TypeDecorator,
    func,
    insert,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.db.engine import make_engine
from bot.db.models import (
    Base,
    Community,
    ProcessedEvent,
    SlackInstallation,
    SlackOAuthState,
)
from bot.db.ownership import (
    COMMUNITIES,
    UNOWNED,
    Owned,
    count_rows,
    live_community_tables,
    owned_tables,
)
from tests.platforms.test_console import mlpath

runner = CliRunner()
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
GONE, STAYS = "T0GONE", "T0STAYS"
# What the issue names, and what the fill below must therefore have put there.
NAMED = (
    "members",
    "checkins",
    "quiz_answers",
    "projects",
    "outbox",
    "audit_log",
    "slack_installations",
)


@pytest.fixture
def db_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("MLPATH_DATABASE_URL", db_url)
    monkeypatch.setenv("MLPATH_LOG_LEVEL", "WARNING")
    yield db_url


# --- filling every table that belongs to a community ---------------------------------------


def _value(column: Column[Any], n: int) -> Any:
    """A value of ``column``'s type, different for every ``n`` (no unique key can clash)."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | BigInteger):
        return n
    if isinstance(kind, Numeric | Float):
        return n + 0.5
    if isinstance(kind, DateTime):
        return START + timedelta(minutes=n)
    if isinstance(kind, Date):
        return date(2026, 1, 5) + timedelta(days=n)
    if isinstance(kind, JSON):
        return {"n": n}
    if isinstance(kind, String):
        return f"v{n}"[: kind.length or None]
    raise AssertionError(f"{column.table.name}.{column.name}: no test value for {kind!r}")


def _generated(column: Column[Any]) -> bool:
    """An integer key the database numbers itself."""
    return (
        column.primary_key
        and not column.foreign_keys
        and isinstance(column.type, Integer)
        and len(column.table.primary_key.columns) == 1
    )


async def _fill(url: str) -> dict[str, int]:
    """Two Slack communities, each with rows in every table that belongs to a community
    (two for each row they hang from, one where the key is the parent's), both workspaces'
    installs, an org-wide install and rows of the tables that belong to no community; the
    communities' ids by team id."""
    engine = make_engine(url)
    counter = itertools.count(1)
    ids: dict[str, int] = {}
    try:
        async with engine.begin() as conn:
            for team in (GONE, STAYS):
                values = {"platform": "slack", "external_id": team, "name": f"{team} team"}
                stmt = insert(Community).values(
                    **values, timezone="UTC", paused=False, created_at=START
                )
                cid = (await conn.execute(stmt.returning(Community.id))).scalar_one()
                ids[team] = cid
                rows: dict[str, list[Any]] = {COMMUNITIES: [cid]}
                for name, entry in owned_tables().items():
                    rows[name] = await _fill_table(conn, entry, rows, counter)
                await conn.execute(
                    insert(SlackInstallation).values(
                        workspace_key=f"-:{team}",
                        team_id=team,
                        installer_user_id="U1",
                        bot_token="ciphertext",
                        installed_at=START,
                    )
                )
            await conn.execute(
                insert(SlackInstallation).values(
                    workspace_key="E1:-",
                    enterprise_id="E1",
                    is_enterprise_install=True,
                    installer_user_id="U1",
                    installed_at=START,
                )
            )
            await conn.execute(insert(ProcessedEvent).values(key="slack:Ev1", at=START))
            await conn.execute(
                insert(SlackOAuthState).values(state="s1", expires_at=START + timedelta(days=1))
            )
    finally:
        await engine.dispose()
    return ids


async def _fill_table(
    conn: AsyncConnection, entry: Owned, rows: dict[str, list[Any]], counter: Iterator[int]
) -> list[Any]:
    """Rows of ``entry``'s table under each row of the table it hangs from; other foreign
    keys take the rows of the same community in turn. The new rows' keys (for children)."""
    table, up = entry.table, entry.up
    parents = rows[up.column.table.name] if up is not None else rows[COMMUNITIES]
    own_key = up is not None and list(table.primary_key.columns) == [up.parent]
    made: list[Any] = []
    for parent in parents:
        for _ in range(1 if own_key else 2):
            n = next(counter)
            values: dict[str, Any] = {}
            for column in table.columns:
                if _generated(column):
                    continue
                if (up is not None and column is up.parent) or (
                    up is None and column.name == "community_id"
                ):
                    values[column.name] = parent
                elif column.foreign_keys:
                    (fk,) = column.foreign_keys
                    choices = rows[fk.column.table.name]
                    values[column.name] = choices[n % len(choices)]
                else:
                    values[column.name] = _value(column, n)
            key = next(iter(table.primary_key.columns))
            stmt = insert(table).values(**values).returning(key)
            made.append((await conn.execute(stmt)).scalar_one())
    return made


async def _counts(url: str) -> dict[str, int]:
    """Rows in every table of the live database."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: inspect(c).get_table_names())
            found = {}
            for name in sorted(set(names) - {"alembic_version"}):
                stmt = select(func.count()).select_from(table(name))
                found[name] = int((await conn.execute(stmt)).scalar_one())
            return found
    finally:
        await engine.dispose()


async def _rows_of(url: str, team: str) -> dict[str, int]:
    """What ``bot.db.ownership`` counts as the community's, {} when it is gone."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn, AsyncSession(bind=conn) as session:
            stmt = select(Community.id).where(Community.external_id == team)
            cid = (await session.execute(stmt)).scalar_one_or_none()
            return {} if cid is None else await count_rows(session, cid, "slack", team)
    finally:
        await engine.dispose()


async def _community_tables(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn, AsyncSession(bind=conn) as session:
            return list(await live_community_tables(session))
    finally:
        await engine.dispose()


# --- the tests -----------------------------------------------------------------------------


def test_every_table_belongs_to_communities_or_to_none_by_name() -> None:
    """A new table must be tied to a community (a foreign key to it or to a table tied to
    it, or a ``community_id`` column), or named here as belonging to none."""
    unowned = UNOWNED | {COMMUNITIES, "slack_installations"}
    loose = set(Base.metadata.tables) - set(owned_tables()) - unowned
    assert not loose, f"tables tied to no community and not listed as global: {sorted(loose)}"


def test_delete_takes_everything_of_one_community_and_nothing_else(db_env: str) -> None:
    ids = asyncio.run(_fill(db_env))
    gone, stays = asyncio.run(_rows_of(db_env, GONE)), asyncio.run(_rows_of(db_env, STAYS))
    before = asyncio.run(_counts(db_env))
    # every table of the live schema with a community id, and every table the models tie to
    # one, has rows of the community to delete: a table the fill misses fails here
    live = set(asyncio.run(_community_tables(db_env)))
    assert live <= set(owned_tables())
    assert set(gone) == {COMMUNITIES, "slack_installations", *owned_tables()}
    assert set(NAMED) <= set(gone) and gone == stays

    listed = runner.invoke(cli, ["community", "list"])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["PLATFORM", "ID", "NAME", "MEMBERS", "PAUSED", "CREATED"]
    assert lines[1].split() == [
        "slack",
        GONE,
        GONE,
        "team",
        "2",
        "no",
        "2026-01-05",
        "09:00",
        "UTC",
    ]

    result = runner.invoke(
        cli, ["community", "delete", "--platform", "slack", "--community", GONE, "--yes"]
    )
    assert result.exit_code == 0, result.output
    counts = ", ".join(f"{table} {rows:,}" for table, rows in gone.items())
    assert result.stdout == (
        f"Deleted the slack community {GONE} ({GONE} team): {sum(gone.values()):,} rows "
        f"({counts}).\n"
    )
    after = asyncio.run(_counts(db_env))
    assert after == {table: rows - gone.get(table, 0) for table, rows in before.items()}
    assert asyncio.run(_rows_of(db_env, STAYS)) == stays
    assert asyncio.run(_rows_of(db_env, GONE)) == {}
    # nothing is left that is not the other community's (or global: the org-wide install)
    for name, rows in after.items():
        if name in owned_tables() or name == COMMUNITIES:
            assert rows == stays[name], name
    assert after["slack_installations"] == 2 and after["processed_events"] == 1
    assert ids[STAYS] != ids[GONE]


def test_without_yes_it_shows_what_would_go_and_changes_nothing(
    db_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_fill(db_env))
    before = asyncio.run(_counts(db_env))
    gone = asyncio.run(_rows_of(db_env, GONE))
    command = ["community", "delete", "--platform", "slack", "--community", GONE]

    piped = runner.invoke(cli, command)  # stdin is not a terminal: refused, after the preview
    assert piped.exit_code == 1
    assert piped.stderr == (
        "mlpath: nothing was deleted: stdin is not a terminal; add --yes to delete\n"
    )
    preview = piped.stdout.splitlines()
    assert preview[0] == (
        f"This deletes the slack community {GONE} ({GONE} team) and everything mlpath keeps "
        "about it:"
    )
    assert [line.split() for line in preview[1:-1]] == [
        [table, f"{rows:,}"] for table, rows in gone.items()
    ]
    assert preview[-1] == (
        "It cannot be undone. Keep a copy first: mlpath export --platform slack --community "
        f"{GONE} --out slack-{GONE}.json"
    )

    monkeypatch.setattr("bot.cli_community._interactive", lambda: True)
    declined = runner.invoke(cli, command, input="n\n")
    assert declined.exit_code == 0, declined.output
    assert f"Delete the slack community {GONE} ({GONE} team)? [y/N]" in declined.stdout
    assert declined.stdout.endswith("Nothing was deleted.\n")
    assert asyncio.run(_counts(db_env)) == before

    confirmed = runner.invoke(cli, command, input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.splitlines()[-1].startswith(f"Deleted the slack community {GONE}")
    assert asyncio.run(_rows_of(db_env, GONE)) == {}


def test_an_unknown_community_is_one_line(db_env: str) -> None:
    for extra in ([], ["--yes"]):
        result = runner.invoke(
            cli, ["community", "delete", "--platform", "discord", "--community", "42", *extra]
        )
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            "mlpath: no discord community 42 in this database. `mlpath community list` shows "
            "the ones there are.\n"
        )
    empty = runner.invoke(cli, ["community", "list"])
    assert empty.stdout == "There are no communities in this database.\n"


def test_list_and_delete_never_create_a_database(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLPATH_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    for command in (
        ["community", "list"],
        ["community", "delete", "--platform", "slack", "--community", "T1", "--yes"],
    ):
        result = runner.invoke(cli, command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"mlpath: there is no database at {tmp_path / 'none.db'}")
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("platform", ["slack"])
@pytest.mark.parametrize(
    ("flags", "flag"),
    [(["--shard-count", "2"], "--shard-count"), (["--shard-ids", "0"], "--shard-ids")],
)
def test_run_refuses_shard_flags_without_discord(
    platform: str, flags: list[str], flag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLPATH_SLACK_BOT_TOKEN", "xoxb-1")
    result = runner.invoke(cli, ["run", platform, *flags])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"mlpath: {flag} is for Discord shards: use it with `mlpath run discord` or `mlpath "
        f"run all`, not `mlpath run {platform}`\n"
    )


async def _extra_table(url: str, ids: dict[str, int]) -> None:
    """A table a migration made that the models do not know, with a community id and no
    foreign key: rows of both communities."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE extra_notes (community_id INTEGER, note TEXT)"))
            for cid in ids.values():
                await conn.execute(
                    text("INSERT INTO extra_notes VALUES (:cid, 'kept by hand')"), {"cid": cid}
                )
    finally:
        await engine.dispose()


def test_a_table_the_models_do_not_know_is_emptied_of_the_community_too(db_env: str) -> None:
    ids = asyncio.run(_fill(db_env))
    asyncio.run(_extra_table(db_env, ids))
    assert "extra_notes" in asyncio.run(_community_tables(db_env))
    result = runner.invoke(
        cli, ["community", "delete", "--platform", "slack", "--community", GONE, "--yes"]
    )
    assert result.exit_code == 0, result.output
    assert asyncio.run(_counts(db_env))["extra_notes"] == 1
    assert asyncio.run(_rows_of(db_env, STAYS))  # the other community is still there


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_nothing_is_deleted_when_rows_of_the_community_would_stay(db_env: str) -> None:
    ids = asyncio.run(_fill(db_env))
    asyncio.run(_extra_table(db_env, ids))
    asyncio.run(
        _execute(
            db_env,
            "CREATE TRIGGER back AFTER DELETE ON extra_notes BEGIN "
            "INSERT INTO extra_notes VALUES (old.community_id, 'again'); END",
        )
    )
    before = asyncio.run(_counts(db_env))
    result = runner.invoke(
        cli, ["community", "delete", "--platform", "slack", "--community", GONE, "--yes"]
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"mlpath: cannot delete the slack community {GONE}: its rows would stay in extra_notes "
        "(something puts them back). Nothing was deleted.\n"
    )
    assert asyncio.run(_counts(db_env)) == before


async def _execute(url: str, sql: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


SCRIPT = """/checkin read ch. 3
/quiz
:press 1
/project add demo https://example.com/demo
/admin pause
:as bea
/checkin
"""


def test_a_group_made_in_the_console_goes_and_the_other_exports_the_same(db_env: str) -> None:
    for group in ("gone", "stays"):
        shell = mlpath(
            "shell",
            "--community",
            group,
            "--now",
            "2026-01-05T09:00",
            stdin=SCRIPT,
            env={"MLPATH_DATABASE_URL": db_env},
        )
        assert shell.returncode == 0, shell.stderr
    export = ["export", "--platform", "console", "--community", "stays"]
    kept = runner.invoke(cli, export).stdout
    command = ["community", "delete", "--platform", "console", "--community", "gone", "--yes"]
    deleted = runner.invoke(cli, command)
    assert deleted.exit_code == 0, deleted.output
    for rows in ("members 2", "checkins 2", "quiz_answers 1", "projects 1", "audit_log"):
        assert rows in deleted.stdout, rows
    assert runner.invoke(cli, export).stdout == kept
    listed = runner.invoke(cli, ["community", "list"]).stdout.splitlines()
    assert [line.split()[:5] for line in listed[1:]] == [["console", "stays", "stays", "2", "yes"]]
