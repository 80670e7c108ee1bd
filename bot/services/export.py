"""Data export in the ``mlpath-export/1`` format (SPEC §8)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any, Literal

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import Community, Member, Project, QuizAnswer, QuizCard
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain import srs
from bot.domain.errors import NotFound
from bot.domain.streaks import CREDITED_KINDS, shown_streak
from bot.replies import Attachment, Reply
from bot.services.actor import Actor
from bot.services.competitions import competitions_json
from bot.services.exercises import exercises_json
from bot.services.members import member_today, stored_streak, visit
from bot.services.progress import Progression

FORMAT = "mlpath-export/1"
ExportFormat = Literal["json", "csv"]
CSV_COLUMNS = (
    "id",
    "name",
    "timezone",
    "xp",
    "level",
    "hidden",
    "streak_current",
    "streak_longest",
    "freezes",
    "last_study_day",
    "checkins",
    "quiz_answered",
    "quiz_correct",
    # added by issue 12, after the columns readers already know
    "platform_timezone",
    "reminder",
    "moderator",
    "track",
)


def _community_json(community: Community) -> dict[str, Any]:
    return {
        "platform": community.platform,
        "id": community.external_id,
        "timezone": community.timezone,
        "day_start": community.day_start,
        "post_time": community.post_time,
        "channel": community.channel_id,
        "roadmap_start": community.roadmap_start.isoformat() if community.roadmap_start else None,
        "paused": community.paused,
    }


class ExportService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, progress: Progression
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._progress = progress

    async def community(self, platform: str, external_id: str, fmt: ExportFormat = "json") -> str:
        """The whole community as JSON or CSV text."""
        async with self._uow(write=False) as uow:
            community = await uow.communities.get(platform, external_id)
            if community is None:
                raise NotFound(f"No {platform} community with id {external_id} in this database.")
            members = await uow.members.in_community(community.id)
            document = await self._document(uow, community, list(members))
        return render(document, fmt)

    async def me(self, actor: Actor) -> Reply:
        """The caller's own data, as a private JSON attachment."""
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            await uow.commit()
            if enrolment.member.id is None:  # nothing stored; looking stores nothing either
                return Reply("There is nothing stored about you in this community.")
            document = await self._document(uow, enrolment.community, [enrolment.member])
        data = render(document, "json").encode()
        return Reply(
            "Here is everything mlpath stores about you in this community (mlpath-export/1).",
            title="Your data",
            attachment=Attachment(f"mlpath-export-{actor.user_id}.json", data, "application/json"),
        )

    async def _document(
        self, uow: UnitOfWork, community: Community, members: list[Member]
    ) -> dict[str, Any]:
        now = self._clock.now()
        return {
            "format": FORMAT,
            "community": _community_json(community),
            "members": [await self._member(uow, community, m, now) for m in members],
        }

    async def _member(
        self, uow: UnitOfWork, community: Community, member: Member, now: datetime
    ) -> dict[str, Any]:
        streak = stored_streak(member)
        history = await uow.checkins.history(member.id)
        answers = await uow.quiz.answers_of(member.id)
        cards = await uow.quiz.cards(member.id)
        evidence = await self._progress.evidence(uow, member)
        level = self._progress.climb(member, evidence.progress).level
        return {
            "id": member.user_id,
            "name": member.name,
            "timezone": member.timezone,
            "xp": member.xp,
            "level": level.name,
            "hidden": member.hidden,
            "streak": {
                "current": shown_streak(streak, member_today(member, community, now)),
                "longest": streak.longest,
                "freezes": streak.freezes,
                "last_study_day": streak.last_day.isoformat() if streak.last_day else None,
            },
            "checkins": [
                {"study_day": row.study_day.isoformat(), "note": row.note, "kind": row.kind}
                for row in history
            ],
            "holds": [
                {"first_day": h.first.isoformat(), "last_day": h.last.isoformat()}
                for h in await uow.holds.of_member(member.id)
            ],
            "quiz": {
                "answered": len(answers),
                "correct": sum(a.correct for a in answers),
                "mastered_topics": list(evidence.mastered),
            },
            "projects": [
                await _project_json(uow, p) for p in await uow.projects.of_member(member.id)
            ],
            "milestones": [
                {"key": m.key, "at": m.at.isoformat()}
                for m in await uow.milestones.of_member(member.id)
            ],
            # Added by issue 12 (readers of mlpath-export/1 ignore fields they do not know):
            # the settings and ledgers that complete "everything".
            "platform_timezone": member.platform_timezone,
            "reminder": member.remind_at,
            "moderator": member.is_moderator,
            "track": member.track,
            "joined": member.created_at.isoformat(),
            "quiz_answers": [_answer_json(a) for a in answers],
            "quiz_cards": [_card_json(c) for _, c in sorted(cards.items())],
            "xp_ledger": [
                {
                    "amount": e.amount,
                    "reason": e.reason,
                    "source": e.source_key,
                    "study_day": e.study_day.isoformat() if e.study_day else None,
                    "at": e.at.isoformat(),
                }
                for e in await uow.xp.ledger(member.id)
            ],
            # Added by issue 18: the study pairs (sign-up and every round with the partners).
            "pairs": await pairs_json(uow, member),
            # Added by issue 16: every exercise submission, its verdict and the code as sent.
            "exercises": await exercises_json(uow, member),
            # Added by issue 17: competition submissions (scores and the file's hash).
            "competitions": await competitions_json(uow, member),
        }


async def pairs_json(uow: UnitOfWork, member: Member) -> dict[str, Any]:
    """The member's study pairs: whether and how they joined, and each round they were in."""
    signup = await uow.pairs.signup(member.id)
    rounds = []
    for placed in await uow.pairs.history(member.id):
        rows = await uow.pairs.group_members(placed.round.id, placed.group_no)
        rounds.append(
            {
                "round": placed.round.number,
                "held_at": placed.round.held_at.isoformat(),
                "partners": [m.user_id for _, m in rows if m.id != member.id],
                "met": placed.answer,
            }
        )
    return {
        "joined": signup is not None,
        "cadence": signup.cadence if signup else None,
        "rounds": rounds,
    }


def _answer_json(answer: QuizAnswer) -> dict[str, Any]:
    return {
        "question": answer.question_id,
        "topic": answer.topic,
        "mode": answer.mode,
        "choice": answer.choice,
        "correct": answer.correct,
        "study_day": answer.study_day.isoformat(),
        "at": answer.at.isoformat(),
    }


def _card_json(card: QuizCard) -> dict[str, Any]:
    """A spaced-repetition card: when it is due, its FSRS state, and the whole FSRS record."""
    return {
        "question": card.question_id,
        "due": card.due.isoformat(),
        "state": srs.state_name(card.card),
        "card": card.card,
    }


async def _project_json(uow: UnitOfWork, project: Project) -> dict[str, Any]:
    return {
        "name": project.name,
        "status": project.status,
        "repo": project.repo,
        "demo": project.demo,
        "description": project.description,
        "updates": [
            {"at": u.at.isoformat(), "study_day": u.study_day.isoformat(), "note": u.note}
            for u in await uow.projects.updates(project.id)
        ],
    }


def _cell(value: object) -> str:
    """CSV cell text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(document: dict[str, Any], fmt: ExportFormat) -> str:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for m in document["members"]:
        credited = sum(c["kind"] in CREDITED_KINDS for c in m["checkins"])
        row = [
            m["id"],
            m["name"],
            m["timezone"],
            m["xp"],
            m["level"],
            m["hidden"],
            m["streak"]["current"],
            m["streak"]["longest"],
            m["streak"]["freezes"],
            m["streak"]["last_study_day"],
            credited,
            m["quiz"]["answered"],
            m["quiz"]["correct"],
            m["platform_timezone"],
            m["reminder"],
            m["moderator"],
            m["track"],
        ]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
