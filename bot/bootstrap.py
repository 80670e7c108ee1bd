"""The one place where mlpath is wired together. Nothing here runs at import."""

from __future__ import annotations

import random
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
from bot.exercises.sandbox import Sandbox
from bot.ops.metrics import Metrics
from bot.pairs.rounds import PairRounds
from bot.pairs.service import PairService
from bot.paths import content_dir
from bot.services.admin import AdminService
from bot.services.bank import QuestionBankService
from bot.services.career import CareerService
from bot.services.challenge import ChallengeService
from bot.services.checkin import CheckinService
from bot.services.community import CommunityService
from bot.services.competitions import CompetitionService
from bot.services.daily import DailyService
from bot.services.dashboard import DashboardService
from bot.services.dashboard_auth import DashboardAuth
from bot.services.dashboard_member import MemberDashboard
from bot.services.exercises import ExerciseService
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
from bot.services.slack_workspaces import slack_workspaces
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
    rng: random.Random | None = None,
    wall_clock: Clock | None = None,
    sandbox: Sandbox | None = None,
) -> App:
    """Build the app for ``settings``: engine, unit of work, content, services, commands.
        ``rng`` (a seeded one in transcripts and tests) picks practice, challenge and round
        questions; without it each service draws its own. ``wall_clock`` times dashboard sign-in
        links and sessions (real time by default, also when ``clock`` is the console's). ``sandbox``
    grades exercises (by default one checked on first use, ``exercise_slots`` at once)."""
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    uow = UnitOfWorkFactory(make_sessionmaker(engine), sqlite=engine.dialect.name == "sqlite")
    catalog = catalog or load_catalog(Path(settings.content_dir or content_dir()))
    publishers = Publishers()
    background = Background()
    notifier = Notifier()
    sleeper = sleeper or ClockSleeper(clock)
    progress = Progression(catalog)
    quiz = QuizService(uow, clock, catalog, progress, rng)
    export = ExportService(uow, clock, catalog, progress)
    challenge = ChallengeService(uow, clock, catalog, quiz, progress, rng)
    daily = DailyService(uow, clock, catalog, challenge)
    metrics = Metrics()
    delivery = DeliveryService(uow, clock, publishers, worker, metrics=metrics)
    rounds = RoundService(
        uow, clock, quiz, progress, delivery, sleeper, background, lead_in=round_lead_in, rng=rng
    )
    stewardship = StewardshipService(uow, clock, catalog, export, progress, notifier)
    leaderboard = LeaderboardService(uow, clock, quiz)
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
        stewardship=stewardship,
        privacy=PrivacyService(uow, clock),
        projects=ProjectService(uow, clock, progress),
        leaderboard=leaderboard,
        career=CareerService(uow, clock, catalog, progress),
        bank=QuestionBankService(uow, clock, catalog, quiz),
        pairs=PairService(uow, clock, PairRounds(uow, clock, catalog, progress), progress),
        exercises=ExerciseService(
            uow, clock, catalog, progress, sandbox or Sandbox(settings.exercise_slots or None)
        ),
        competitions=CompetitionService(uow, clock, catalog, progress),
        dashboard_auth=DashboardAuth(
            uow, wall_clock or SystemClock(), settings.web_base(), web_secret(settings)
        ),
        dashboard=DashboardService(uow, clock, catalog, stewardship),
        member_dashboard=MemberDashboard(uow, clock, catalog, progress, leaderboard),
    )
    services.slack_workspaces = slack_workspaces(
        settings.secret_key.get_secret_value() if settings.secret_key else None,
        settings.old_secret_keys(),
        uow,
        clock,
        notifier,
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


def web_secret(settings: Settings) -> str | None:
    """What the dashboard's signing key is derived from: MLPATH_WEB_SECRET, else
    MLPATH_SECRET_KEY; None: a key made once per database."""
    for secret in (settings.web_secret, settings.secret_key):
        if secret is not None and secret.get_secret_value().strip():
            return secret.get_secret_value()
    return None


async def ensure_migrated(url: str) -> None:
    """The console and demo bring their own database to the newest revision."""
    from bot.db import migrate

    await migrate.upgrade(url)


async def refuse_unmigrated(url: str) -> None:
    """Servers never migrate on their own: raise NotMigrated naming the command that fixes it."""
    from bot.db import migrate

    await migrate.require_head(url)
