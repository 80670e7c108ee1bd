"""Repositories: the only place that writes SQL. Services call these through a unit of work."""

from bot.db.repositories._base import ERASED
from bot.db.repositories.analytics import AnalyticsRepository
from bot.db.repositories.audit import AuditRepository
from bot.db.repositories.checkins import CheckinRepository
from bot.db.repositories.communities import CommunityRepository
from bot.db.repositories.competitions import CompetitionRepository
from bot.db.repositories.custom_questions import CustomQuestionRepository
from bot.db.repositories.events import EventRepository
from bot.db.repositories.exercises import ExerciseRepository, PassRate
from bot.db.repositories.holds import HoldRepository
from bot.db.repositories.ladder_roles import LadderRoleRepository
from bot.db.repositories.members import MemberRepository
from bot.db.repositories.milestones import BASELINE, MilestoneRepository
from bot.db.repositories.outbox import Claimed, NewPost, OutboxRepository
from bot.db.repositories.pairs import PairRepository, Placed
from bot.db.repositories.projects import ProjectRepository
from bot.db.repositories.quiz import QuizRepository
from bot.db.repositories.slack import SlackInstallationRepository
from bot.db.repositories.standings import METRIC_COLUMNS, Standing, StandingsRepository
from bot.db.repositories.web import WebRepository
from bot.db.repositories.xp import XpRepository

__all__ = [
    "BASELINE",
    "ERASED",
    "METRIC_COLUMNS",
    "AnalyticsRepository",
    "AuditRepository",
    "CheckinRepository",
    "Claimed",
    "CommunityRepository",
    "CompetitionRepository",
    "CustomQuestionRepository",
    "EventRepository",
    "ExerciseRepository",
    "HoldRepository",
    "LadderRoleRepository",
    "MemberRepository",
    "MilestoneRepository",
    "NewPost",
    "OutboxRepository",
    "PairRepository",
    "PassRate",
    "Placed",
    "ProjectRepository",
    "QuizRepository",
    "SlackInstallationRepository",
    "Standing",
    "StandingsRepository",
    "WebRepository",
    "XpRepository",
]
