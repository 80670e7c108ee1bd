"""The one place where mlpath is wired together. Nothing here runs at import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, SystemClock
from bot.commands.catalog import build_commands
from bot.commands.runner import Dispatcher
from bot.config import Settings
from bot.content.catalog import Catalog, load_catalog
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.uow import UnitOfWorkFactory
from bot.ops.metrics import Metrics
from bot.paths import content_dir
from bot.services.admin import AdminService
from bot.services.bank import QuestionBankService
from bot.services.career import CareerService
from bot.services.challenge import ChallengeService
from bot.services.checkin import CheckinService
from bot.services.community import CommunityService
from bot.services.daily import DailyService
from bot.services.export import ExportService
from bot.services.leaderboard import LeaderboardService
from bot.services.outbox import DeliveryService
from bot.services.platform import PlatformService
from bot.services.ports import Background, ClockSleeper, Notifier, Publishers, Sleeper
from bot.services.privacy import PrivacyService
from bot.services.progress import Progression
from bot.services.projects import ProjectService
from bot.services.quiz import QuizService
from bot.services.quiz_controls import QuizControlService
from bot.services.registry import Services as Services  # re-exported
from bot.services.reminder_setting import ReminderSettingService
from bot.services.roadmap import RoadmapService
from bot.services.rounds import RoundService
from bot.services.stewardship import StewardshipService
from bot.services.streak_care import StreakCareService


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    uow: UnitOfWorkFactory
    clock: Clock
    catalog: Catalog
    services: Services
    dispatcher: Dispatcher
    publishers: Publishers
    background: Background
    notifier: Notifier
    sleeper: Sleeper
    metrics: Metrics

    async def aclose(self) -> None:
        await self.background.cancel()
        await self.engine.dispose()


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    catalog: Catalog | None = None,
    sleeper: Sleeper | None = None,
    round_lead_in: timedelta = timedelta(seconds=3),
    worker: str = "mlpath",
) -> App:
    """Build the app for ``settings``: engine, unit of work, content, services, commands."""
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    uow = UnitOfWorkFactory(make_sessionmaker(engine), sqlite=engine.dialect.name == "sqlite")
    catalog = catalog or load_catalog(Path(settings.content_dir or content_dir()))
    publishers = Publishers()
    background = Background()
    notifier = Notifier()
    sleeper = sleeper or ClockSleeper(clock)
    progress = Progression(catalog)
    quiz = QuizService(uow, clock, catalog, progress)
    export = ExportService(uow, clock, catalog, progress)
    challenge = ChallengeService(uow, clock, catalog, quiz, progress)
    daily = DailyService(uow, clock, catalog, challenge)
    metrics = Metrics()
    delivery = DeliveryService(uow, clock, publishers, worker, metrics=metrics)
    rounds = RoundService(
        uow, clock, quiz, progress, delivery, sleeper, background, lead_in=round_lead_in
    )
    services = Services(
        checkin=CheckinService(uow, clock, progress, catalog),
        streak_care=StreakCareService(uow, clock, progress),
        community=CommunityService(uow, clock),
        export=export,
        platform=PlatformService(uow, clock),
        quiz=quiz,
        challenge=challenge,
        rounds=rounds,
        quiz_controls=QuizControlService(uow, clock, catalog, quiz, rounds),
        daily=daily,
        delivery=delivery,
        admin=AdminService(uow, clock, catalog, daily, publishers, notifier),
        roadmap=RoadmapService(uow, clock, catalog, daily, quiz, challenge),
        reminders=ReminderSettingService(uow, clock),
        stewardship=StewardshipService(uow, clock, catalog, export, progress, notifier),
        privacy=PrivacyService(uow, clock),
        projects=ProjectService(uow, clock, progress),
        leaderboard=LeaderboardService(uow, clock, quiz),
        career=CareerService(uow, clock, catalog, progress),
        bank=QuestionBankService(uow, clock, catalog, quiz),
    )
    dispatcher = Dispatcher(build_commands(services, catalog), metrics)
    return App(
        settings,
        engine,
        uow,
        clock,
        catalog,
        services,
        dispatcher,
        publishers,
        background,
        notifier,
        sleeper,
        metrics,
    )


async def ensure_migrated(url: str) -> None:
    """The console and demo bring their own database to the newest revision."""
    from bot.db import migrate

    await migrate.upgrade(url)


async def refuse_unmigrated(url: str) -> None:
    """Servers never migrate on their own: raise NotMigrated naming the command that fixes it."""
    from bot.db import migrate

    await migrate.require_head(url)
