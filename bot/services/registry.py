"""The services mlpath is built from, as one bundle the commands are wired to."""

from __future__ import annotations

from dataclasses import dataclass

from bot.pairs.service import PairService
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
from bot.services.privacy import PrivacyService
from bot.services.projects import ProjectService
from bot.services.quiz import QuizService
from bot.services.quiz_controls import QuizControlService
from bot.services.reminder_setting import ReminderSettingService
from bot.services.roadmap import RoadmapService
from bot.services.rounds import RoundService
from bot.services.slack_workspaces import SlackWorkspaceService
from bot.services.stewardship import StewardshipService
from bot.services.streak_care import StreakCareService


@dataclass
class Services:
    checkin: CheckinService
    streak_care: StreakCareService
    community: CommunityService
    export: ExportService
    platform: PlatformService
    quiz: QuizService
    challenge: ChallengeService
    rounds: RoundService
    quiz_controls: QuizControlService
    daily: DailyService
    delivery: DeliveryService
    admin: AdminService
    roadmap: RoadmapService
    reminders: ReminderSettingService
    stewardship: StewardshipService
    privacy: PrivacyService
    projects: ProjectService
    leaderboard: LeaderboardService
    career: CareerService
    bank: QuestionBankService
    pairs: PairService
    exercises: ExerciseService
    competitions: CompetitionService
    # the web dashboard (SPEC §10): sign-in, the organiser view, the member and public pages
    dashboard_auth: DashboardAuth
    dashboard: DashboardService
    member_dashboard: MemberDashboard
    # Slack for many workspaces: set when MLPATH_SECRET_KEY is (bootstrap)
    slack_workspaces: SlackWorkspaceService | None = None
