"""The schema, one module per aggregate. Change it only together with an Alembic migration in
migrations/versions. Importing the package registers every table on ``Base.metadata``."""

from bot.db.models.base import NAMING, Base
from bot.db.models.competitions import CompetitionRun, CompetitionSubmission
from bot.db.models.exercises import ExerciseProgress, ExerciseSubmission
from bot.db.models.members import CheckIn, Community, Member, MemberTopic, StreakHold, XpEvent
from bot.db.models.operations import AuditEntry, OutboxMessage, ProcessedEvent
from bot.db.models.pairs import PairMatch, PairRound, PairSetting, PairSignup
from bot.db.models.progress import LadderRole, MemberPeriod, Milestone, Project, ProjectUpdate
from bot.db.models.quiz import (
    Challenge,
    CustomQuestion,
    DisabledQuestion,
    QuizAnswer,
    QuizCard,
    QuizPrompt,
    QuizRound,
    RoundAnswer,
)
from bot.db.models.slack import SlackInstallation, SlackOAuthState
from bot.db.models.web import DashboardSetting, WebKey, WebLink, WebSession

__all__ = [
    "NAMING",
    "AuditEntry",
    "Base",
    "Challenge",
    "CheckIn",
    "Community",
    "CompetitionRun",
    "CompetitionSubmission",
    "CustomQuestion",
    "DashboardSetting",
    "DisabledQuestion",
    "ExerciseProgress",
    "ExerciseSubmission",
    "LadderRole",
    "Member",
    "MemberPeriod",
    "MemberTopic",
    "Milestone",
    "OutboxMessage",
    "PairMatch",
    "PairRound",
    "PairSetting",
    "PairSignup",
    "ProcessedEvent",
    "Project",
    "ProjectUpdate",
    "QuizAnswer",
    "QuizCard",
    "QuizPrompt",
    "QuizRound",
    "RoundAnswer",
    "SlackInstallation",
    "SlackOAuthState",
    "StreakHold",
    "WebKey",
    "WebLink",
    "WebSession",
    "XpEvent",
]
