"""What one unit of work costs before any work: the floor under every per-community write.

    python -m bench.unit_cost [--units 1000]

Runs N write units of work in a row on a migrated temporary SQLite database:
empty, with one trivial statement, and with two. Printed: wall and CPU time per unit, next to
raw sqlite3 doing the same transactions (``BEGIN IMMEDIATE``, the statements, ``COMMIT``).
The difference is the cost of the unit of work itself: the session, the pool checkout, the
writer lock, SQLAlchemy's execution path and the round trips to aiosqlite's thread. The
scheduler's sweep pays it once per community (issue 11: one short transaction each).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import literal, select

from bot.bootstrap import build
from bot.config import Settings
from bot.db import migrate

TRIVIAL = select(literal(1))


async def ours(url: str, units: int, statements: int) -> tuple[float, float]:
    app = build(Settings(database_url=url))
    try:
        for _ in range(50):  # warm the pool and the compiled cache
            async with app.uow() as uow:
                await uow.session.execute(TRIVIAL)
                await uow.commit()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(units):
            async with app.uow() as uow:
                for _ in range(statements):
                    await uow.session.execute(TRIVIAL)
                await uow.commit()
        return (time.perf_counter() - wall) / units, (time.process_time() - cpu) / units
    finally:
        await app.aclose()


def raw(path: Path, units: int, statements: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    start = time.perf_counter()
    for _ in range(units):
        conn.execute("BEGIN IMMEDIATE")
        for _ in range(statements):
            conn.execute("SELECT 1").fetchall()
        conn.execute("COMMIT")
    conn.close()
    return (time.perf_counter() - start) / units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "units.db"
        url = f"sqlite+aiosqlite:///{path}"
        asyncio.run(migrate.upgrade(url))
        print(f"{args.units} write units of work in a row, SQLite WAL; ms per unit")
        print(f"{'statements':>10} {'mlpath wall':>12} {'mlpath CPU':>11} {'raw sqlite3':>12}")
        for statements in (0, 1, 2):
            wall, cpu = asyncio.run(ours(url, args.units, statements))
            reference = raw(path, args.units, statements)
            print(f"{statements:>10} {wall * 1e3:12.3f} {cpu * 1e3:11.3f} {reference * 1e3:12.4f}")


if __name__ == "__main__":
    main()
