"""aiosqlite with one thread hop per statement.

SQLAlchemy's aiosqlite adapter awaits four calls on aiosqlite's connection thread for every
statement: open a cursor, execute, fetch the rows, close the cursor. Each call is a round
trip through the event loop (a queue put, a self-pipe wake-up, a future, a task step), and in
the burst after the daily post those round trips, not SQLite, were most of a check-in's cost
(issue 11: ~44 hops per check-in, 0.3-0.5 ms per statement against 10-20 µs in SQLite).

The cursor here runs execute, fetchall and close as **one** call on the same aiosqlite
thread and keeps the results, so a statement costs one round trip. A unit of work that knows
its next statement is its last can have the COMMIT ride in that round trip too
(``OneHopConnection.commit_after_next``); the commit that follows then costs none.
Everything else (the thread per connection, commit and rollback (skipped when SQLite is not
in a transaction, as after every COMMIT), error translation, the pool) is aiosqlite and
SQLAlchemy unchanged; the adapter is handed to the dialect through ``create_engine``'s
documented ``module`` argument.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# What one statement leaves behind: description, rowcount, lastrowid, rows.
Outcome = tuple[Any, int, int | None, list[Any]]


def _run(
    connection: aiosqlite.Connection,
    begin: str | None,
    operation: str,
    parameters: Any,
    many: bool,
    commit: bool,
) -> Outcome:
    """Runs on aiosqlite's connection thread; ``begin`` opens the transaction first,
    ``commit`` ends it after the statement."""
    cursor = connection._conn.cursor()
    try:
        if begin is not None:
            cursor.execute(begin)
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        outcome = description, cursor.rowcount, cursor.lastrowid, rows
        if commit:
            cursor.execute("COMMIT")
        return outcome
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement is one call on the connection's thread."""

    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # No driver cursor is opened here: _run opens and closes one per statement.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: Outcome = (None, -1, None, [])

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[1]

    @property
    def lastrowid(self) -> int:
        return self._outcome[2]  # type: ignore[return-value]

    async def _async_soft_close(self) -> None:
        return None  # the driver cursor is already closed; the rows stay buffered

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        return await self._run(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await self._run(operation, seq_of_parameters, many=True)

    async def _run(self, operation: str, parameters: Any, *, many: bool) -> None:
        adapted = self._adapt_connection
        assert isinstance(adapted, OneHopConnection)
        async with adapted._execute_mutex:
            begin, adapted.pending_begin = adapted.pending_begin, None
            commit, adapted.pending_commit = adapted.pending_commit, False
            outcome: Outcome = await self._connection._execute(
                _run, self._connection, begin, operation, parameters, many, commit
            )
        self._outcome = outcome
        self._rows = collections.deque(outcome[3])

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None  # sqlite3 ignores input sizes


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Also defers ``BEGIN`` to the transaction's first statement (the same round trip),
    and can send ``COMMIT`` with its last one."""

    __slots__ = ("pending_begin", "pending_commit")
    _cursor_cls = OneHopCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.pending_begin: str | None = None
        self.pending_commit = False

    def commit_after_next(self) -> None:
        """End the transaction right after the next statement, in its round trip. Only for
        a unit of work's last statement: whatever ran after it would run outside the
        transaction. The ``commit()`` that follows finds nothing to do."""
        self.pending_commit = True

    def begin(self, statement: str) -> None:
        """Open a transaction with ``statement`` (``BEGIN IMMEDIATE`` …) right before the
        next statement, in its round trip; a transaction without statements costs none."""
        self.pending_begin = statement

    def commit(self) -> None:
        if self._ended_without_statements() or not self._in_transaction():
            return  # nothing was written, or COMMIT rode with the last statement
        super().commit()

    def rollback(self) -> None:
        # The pool also rolls back every connection it takes back, right after a COMMIT.
        # Outside a transaction there is nothing to undo: spare that round trip.
        if self._ended_without_statements() or not self._in_transaction():
            return
        super().rollback()

    def _in_transaction(self) -> bool:
        self.pending_commit = False
        driver = self._connection._connection
        return driver is None or bool(driver.in_transaction)

    def _ended_without_statements(self) -> bool:
        pending, self.pending_begin = self.pending_begin, None
        return pending is not None


class OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI shim, handing out one-hop connections."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        connection = aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True  # as SQLAlchemy's own shim does
        return OneHopConnection(self, await_(connection))
