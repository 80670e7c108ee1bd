"""The one place where mlpath is wired together. Nothing here runs at import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, SystemClock
from bot.commands.catalog import build_commands
from bot.commands.runner import Dispatcher
from bot.config import Settings
from bot.content.catalog import Catalog, load_catalog
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.uow import UnitOfWorkFactory
from bot.paths import content_dir
from bot.services.checkin import CheckinService
from bot.services.community import CommunityService
from bot.services.export import ExportService
from bot.services.platform import PlatformService


@dataclass
class Services:
    checkin: CheckinService
    community: CommunityService
    export: ExportService
    platform: PlatformService


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    uow: UnitOfWorkFactory
    clock: Clock
    catalog: Catalog
    services: Services
    dispatcher: Dispatcher

    async def aclose(self) -> None:
        await self.engine.dispose()


def build(settings: Settings, *, clock: Clock | None = None, catalog: Catalog | None = None) -> App:
    """Build the app for ``settings``: engine, unit of work, content, services, commands."""
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    uow = UnitOfWorkFactory(make_sessionmaker(engine))
    catalog = catalog or load_catalog(Path(settings.content_dir or content_dir()))
    services = Services(
        checkin=CheckinService(uow, clock),
        community=CommunityService(uow, clock),
        export=ExportService(uow, clock, catalog),
        platform=PlatformService(uow, clock),
    )
    return App(
        settings, engine, uow, clock, catalog, services, Dispatcher(build_commands(services))
    )


async def ensure_migrated(url: str) -> None:
    """The console and demo bring their own database to the newest revision."""
    from bot.db import migrate

    await migrate.upgrade(url)


async def refuse_unmigrated(url: str) -> None:
    """Servers never migrate on their own: raise NotMigrated naming the command that fixes it."""
    from bot.db import migrate

    await migrate.require_head(url)
