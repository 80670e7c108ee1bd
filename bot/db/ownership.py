"""What belongs to a community, found from the schema itself (``mlpath community delete``).

A table belongs to a community when it has a ``community_id`` column, or a foreign key to a
table that belongs to one (``checkins`` → ``members`` → ``communities``). Nothing is listed
by hand, so a table added later is covered as soon as it points at a community or a member.
The one exception is ``slack_installations``, which names its workspace by team id.

Deleting relies on ``ON DELETE CASCADE`` where the whole way up to ``communities`` cascades;
every other table that belongs to the community (a link without a cascade, a bare
``community_id`` column, a table the migrations made that the models do not know) is
deleted explicitly first. Afterwards every table of the live database with a
``community_id`` column is checked for rows left behind; any is ``LeftBehind`` and the
transaction is not committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Connection,
    ForeignKey,
    Table,
    TableClause,
    column,
    delete,
    func,
    inspect,
    select,
    table,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Base, SlackInstallation

COMMUNITIES = "communities"
COMMUNITY_ID = "community_id"
SLACK = "slack"
# Tables with no tie to any community: deliveries already handled (pruned after a day), OAuth
# flows in progress (ten minutes) and the dashboard's signing key of the deployment, besides
# Alembic's own. A new table must be tied to communities or named here (a test says so).
UNOWNED = frozenset({"processed_events", "slack_oauth_states", "web_keys", "alembic_version"})


class LeftBehind(Exception):
    """Rows of a deleted community are still there: nothing was deleted."""

    def __init__(self, tables: list[str]) -> None:
        super().__init__(f"rows would stay in {', '.join(tables)}")
        self.tables = tables


@dataclass(frozen=True)
class Owned:
    """A table that belongs to communities, and its way up to ``communities``: the foreign
    key to follow (None: its ``community_id`` column, with no key to follow)."""

    table: Table
    up: ForeignKey | None

    @property
    def cascades(self) -> bool:
        """Deleting the community deletes this table's rows by ``ON DELETE CASCADE``."""
        link = self.up
        while link is not None:
            if (link.ondelete or "").upper() != "CASCADE":
                return False
            parent = link.column.table
            if parent.name == COMMUNITIES:
                return True
            link = owned_tables()[parent.name].up
        return False


def _key_up(model: Table, owned: dict[str, Owned]) -> ForeignKey | None:
    """``model``'s foreign key to ``communities``, else to the nearest owned table."""
    keys = sorted(model.foreign_keys, key=lambda fk: (fk.parent.name, fk.target_fullname))
    for fk in keys:
        if fk.column.table.name == COMMUNITIES:
            return fk
    for fk in keys:
        if fk.column.table.name in owned:
            return fk
    return None


@cache
def owned_tables() -> dict[str, Owned]:
    """Every table of the models that belongs to communities, by name, children after their
    parents; the way up is found breadth-first (the shortest wins: ``pair_matches`` goes
    by its round or its member alike)."""
    owned: dict[str, Owned] = {}
    tables = [t for t in Base.metadata.sorted_tables if t.name != COMMUNITIES]
    for t in tables:
        direct = _key_up(t, {})
        if direct is not None or COMMUNITY_ID in t.c:
            owned[t.name] = Owned(t, direct)
    grew = True
    while grew:
        grew = False
        for t in tables:
            if t.name not in owned and (up := _key_up(t, owned)) is not None:
                owned[t.name] = Owned(t, up)
                grew = True
    return {t.name: owned[t.name] for t in tables if t.name in owned}


def _of_community(entry: Owned, community_id: int) -> ColumnElement[bool]:
    """The rows of ``entry``'s table that belong to community ``community_id``."""
    link = entry.up
    if link is None:
        return entry.table.c[COMMUNITY_ID] == community_id
    parent = link.column.table
    if parent.name == COMMUNITIES:
        return link.parent == community_id
    above = _of_community(owned_tables()[parent.name], community_id)
    return link.parent.in_(select(link.column).where(above))


def _installs(platform: str, external_id: str) -> ColumnElement[bool] | None:
    """A Slack workspace's own install (an org-wide one serves other teams too: it stays)."""
    if platform != SLACK:
        return None
    return SlackInstallation.team_id == external_id


async def count_rows(
    session: AsyncSession, community_id: int, platform: str, external_id: str
) -> dict[str, int]:
    """Rows per table that belong to the community: its own row first, then by table name;
    tables without any are left out."""
    counts: dict[str, int] = {}
    for name, entry in owned_tables().items():
        stmt = select(func.count()).select_from(entry.table)
        found = (await session.execute(stmt.where(_of_community(entry, community_id)))).scalar()
        if found:
            counts[name] = int(found)
    installs = _installs(platform, external_id)
    if installs is not None:
        stmt = select(func.count()).select_from(SlackInstallation).where(installs)
        if found := (await session.execute(stmt)).scalar():
            counts[SlackInstallation.__tablename__] = int(found)
    return {COMMUNITIES: 1} | dict(sorted(counts.items()))


def _community_tables(connection: Connection) -> list[str]:
    reflected = inspect(connection)
    return sorted(
        name
        for name in reflected.get_table_names()
        if any(c["name"] == COMMUNITY_ID for c in reflected.get_columns(name))
    )


async def live_community_tables(session: AsyncSession) -> Sequence[str]:
    """Every table of the live database with a ``community_id`` column, models or not."""
    connection = await session.connection()
    return await connection.run_sync(_community_tables)


async def delete_community(
    session: AsyncSession, community_id: int, platform: str, external_id: str
) -> None:
    """Delete the community and everything that belongs to it, in the session's transaction;
    ``LeftBehind`` when a table with a ``community_id`` column still has rows of it."""
    owned = owned_tables()
    for entry in reversed(owned.values()):  # children before parents
        if not entry.cascades:
            await session.execute(delete(entry.table).where(_of_community(entry, community_id)))
    live = await live_community_tables(session)
    for name in live:
        if name not in owned:  # made by a migration, unknown to the models
            await session.execute(_bare(name).delete().where(column(COMMUNITY_ID) == community_id))
    installs = _installs(platform, external_id)
    if installs is not None:
        await session.execute(delete(SlackInstallation).where(installs))
    root = Base.metadata.tables[COMMUNITIES]
    await session.execute(delete(root).where(root.c.id == community_id))
    left = []
    for name in live:
        stmt = select(func.count()).select_from(_bare(name))
        if (await session.execute(stmt.where(column(COMMUNITY_ID) == community_id))).scalar():
            left.append(name)
    if left:
        raise LeftBehind(left)


def _bare(name: str) -> TableClause:
    """A table known only by its name and its ``community_id`` column."""
    return table(name, column(COMMUNITY_ID))
