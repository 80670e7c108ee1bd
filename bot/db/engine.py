"""Engine creation; SQLite gets WAL, busy_timeout and foreign keys once per connection."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db.sqlite_driver import OneHopConnection, OneHopDbapi

SQLITE_PRAGMAS = ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=NORMAL")

# Execution option a unit of work sets to take SQLite's write lock up front.
SQLITE_BEGIN = "mlpath_sqlite_begin"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, foreign_keys: bool = True, **kwargs: Any) -> AsyncEngine:
    """``foreign_keys=False`` is for migrations: SQLite's batch mode rebuilds a table by
    dropping it, and with foreign keys on that would cascade into every child table."""
    if url.startswith("sqlite+aiosqlite"):
        kwargs.setdefault("module", OneHopDbapi())
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine, foreign_keys)
    return engine


def _install_sqlite_hooks(engine: AsyncEngine, foreign_keys: bool) -> None:
    pragmas = [
        p if p != "foreign_keys=ON" or foreign_keys else "foreign_keys=OFF" for p in SQLITE_PRAGMAS
    ]

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (not the driver) emit BEGIN, so we can choose IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        statement = f"BEGIN {conn.get_execution_options().get(SQLITE_BEGIN, 'DEFERRED')}"
        driver = conn.connection.dbapi_connection
        if isinstance(driver, OneHopConnection):
            driver.begin(statement)  # sent with the transaction's first statement
        else:
            conn.exec_driver_sql(statement)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)
