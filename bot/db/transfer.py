"""Moving and keeping data (SPEC §9): ``mlpath db copy`` from any backend to any other, and
``mlpath backup`` of a live SQLite database.

A copy goes into an empty target migrated to the same revision, table by table in foreign-key
order, in one transaction: ids and history stay as they were, Postgres sequences are moved
past the copied ids, and every table's row count is compared before the commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Integer, Table, func, insert, literal, select, text, tuple_
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.models import Base

CHUNK = 1000


class TransferError(Exception):
    """A copy or backup that cannot be made; the message says why and what to do."""


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


async def _counts(conn: AsyncConnection) -> dict[str, int]:
    return {
        t.name: int((await conn.execute(select(func.count()).select_from(t))).scalar_one())
        for t in _tables()
    }


async def copy_database(
    source: str, target: str, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of ``source`` into the empty database ``target``; the rows per table."""
    for url, role in ((source, "source"), (target, "target")):
        try:
            await migrate.require_head(url)
        except migrate.NotMigrated as exc:
            raise TransferError(f"The {role} is not ready: {exc}") from None
    reader, writer = make_engine(source), make_engine(target, foreign_keys=False)
    try:
        async with reader.connect() as src, writer.begin() as dst:
            if any((await _counts(dst)).values()):
                raise TransferError(
                    "The target already holds data; copy into an empty database "
                    "(create it, then run `mlpath db upgrade --url TARGET`)."
                )
            expected = await _counts(src)
            for table in _tables():
                await _copy_table(src, dst, table)
                if progress is not None:
                    progress(table.name, expected[table.name])
            if dst.dialect.name == "postgresql":
                await _advance_sequences(dst)
            copied = await _counts(dst)
            if copied != expected:
                wrong = sorted(t for t in expected if copied[t] != expected[t])
                raise TransferError(f"Row counts differ after the copy in: {', '.join(wrong)}.")
    finally:
        await reader.dispose()
        await writer.dispose()
    return expected


async def _copy_table(src: AsyncConnection, dst: AsyncConnection, table: Table) -> None:
    """In chunks along the primary key (keyset: each chunk starts after the last key), so a
    table of millions of rows never sits in memory at once."""
    key = list(table.primary_key.columns)
    after: tuple[object, ...] | None = None
    while True:
        stmt = select(table).order_by(*key).limit(CHUNK)
        if after is not None:
            stmt = stmt.where(
                tuple_(*key)
                > tuple_(*(literal(v, c.type) for v, c in zip(after, key, strict=True)))
            )
        rows = (await src.execute(stmt)).all()
        if not rows:
            return
        await dst.execute(insert(table), [dict(row._mapping) for row in rows])
        after = tuple(rows[-1]._mapping[c.name] for c in key)


async def _advance_sequences(conn: AsyncConnection) -> None:
    """Make the next generated id follow the copied ones (Postgres keeps them in sequences)."""
    for table in _tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        column = key[0].name
        await conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                f"COALESCE((SELECT max({column}) FROM {table.name}), 0) + 1, false)"
            )
        )


def backup_sqlite(url: str, out: Path) -> int:
    """A consistent snapshot of a live SQLite database (its online backup API, safe while the
    bot writes) at ``out``; the snapshot's size in bytes. Written beside ``out`` first and
    renamed, so ``out`` is never half a file."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise TransferError(
            "`mlpath backup` snapshots SQLite; for Postgres use pg_dump (see the README)."
        )
    database = parsed.database
    if not database or database == ":memory:" or not Path(database).exists():
        raise TransferError(f"There is no SQLite database at {database or '(memory)'}.")
    if out.exists():
        raise TransferError(f"{out} exists already; choose a new file name.")
    if not out.parent.is_dir():
        raise TransferError(f"The folder {out.parent} does not exist.")
    partial = out.with_name(out.name + ".partial")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        snapshot = sqlite3.connect(partial)
        try:
            source.backup(snapshot)
        finally:
            snapshot.close()
    finally:
        source.close()
    partial.rename(out)
    return out.stat().st_size
