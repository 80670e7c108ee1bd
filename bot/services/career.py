"""The career ladder, profiles and the personal dashboard (SPEC §5)."""

from __future__ import annotations

from datetime import date

from bot.charts import ProfileData, ProfilePictures, calendar_start
from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.content.schema import Level
from bot.db.models import Member
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.ladder import Climb, missing
from bot.domain.streaks import STUDIED_KINDS, checked_in, shown_streak
from bot.domain.wording import plural
from bot.replies import Attachment, Button, Field, Reply
from bot.services.actor import Actor, MemberRef
from bot.services.checkin import CHECKIN_BUTTON
from bot.services.members import enrol, member_today, stored_streak, subject, visit
from bot.services.progress import Evidence, Progression
from bot.services.streak_care import hold_line, on_hold

MILESTONES_SHOWN = 5
PRACTICE_BUTTON = Button("Practice", "quiz", style="primary")


def _requirements(level: Level) -> str:
    need = level.evidence
    topics = "".join(f" · {topic} mastered (/quiz {topic})" for topic in need.topics)
    exercises = f" · {need.exercises} exercises passed (/exercise)" if need.exercises else ""
    return (
        f"{level.xp:,} XP · {need.shipped_projects} shipped projects · "
        f"{need.mastered_topics} mastered topics{topics} · a {need.longest_streak}-day streak"
        f"{exercises}"
    )


def next_step(position: Climb[Level], evidence: Evidence, tracks: list[Level]) -> list[Field]:
    """What is missing for the next level, or the track choice at the top."""
    if position.choosing_track:
        return [
            Field(f"{t.name} (/ladder track {t.key})", f"{t.meaning}\nNeeds {_requirements(t)}.")
            for t in tracks
        ]
    if position.next is None:
        return [Field("Next", "You are at the top of the ladder. Keep learning and sharing!")]
    gaps = missing(position.next, evidence.progress)
    return [
        Field(
            f"Next: {position.next.name}",
            "Missing: " + "; ".join(gaps) + "." if gaps else "Everything is met.",
            inline=False,
        )
    ]


class CareerService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, progress: Progression
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ladder = catalog.ladder
        self._progress = progress
        # Drawn off the event loop, once per member while what the picture shows is the same.
        self.pictures = ProfilePictures()

    async def ladder(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            member = enrolment.member
            evidence = await self._progress.evidence(uow, member)
            await uow.commit()
        position = self._progress.climb(member, evidence.progress)
        progress = evidence.progress
        held = Field(
            "You have",
            f"{progress.xp:,} XP · {plural(progress.shipped_projects, 'shipped project')} · "
            f"{plural(progress.mastered_topics, 'mastered topic')} · longest streak "
            f"{plural(progress.longest_streak, 'day')}"
            + (f" · {plural(progress.exercises, 'exercise')} passed" if progress.exercises else ""),
            inline=False,
        )
        return Reply(
            f"You are {position.level.name}: {position.level.meaning}",
            title="Career ladder",
            fields=(held, *next_step(position, evidence, list(self._ladder.tracks))),
        )

    async def choose_track(self, actor: Actor, track: str) -> Reply:
        chosen = next((t for t in self._ladder.tracks if t.key == track.strip().lower()), None)
        if chosen is None:
            keys = ", ".join(t.key for t in self._ladder.tracks)
            raise BadInput(f"track must be one of: {keys}.")
        top = self._ladder.levels[-1]
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            evidence = await self._progress.evidence(uow, member)
            position = self._progress.climb(member, evidence.progress)
            if top not in position.reached:
                raise BadInput(
                    f"Tracks open at {top.name}; you are {position.level.name}. "
                    "See what is missing with /ladder."
                )
            member.track = chosen.key
            await self._progress.review(uow, community, member, now)
            await uow.commit()
        position = self._progress.climb(member, evidence.progress)
        return Reply(
            f"Your track is {chosen.name}: {chosen.meaning}",
            title="Career track",
            fields=tuple(next_step(position, evidence, list(self._ladder.tracks))),
        )

    async def profile(self, actor: Actor, target: MemberRef | None = None) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            community, member = enrolment.community, await subject(uow, enrolment, target)
            await uow.commit()
        today = member_today(member, community, now)
        async with self._uow(write=False) as uow:
            evidence = await self._progress.evidence(uow, member)
            calendar = await uow.standings.calendar(member.id, calendar_start(today))
            xp_by_day = await uow.standings.xp_by_day(member.id)
            projects = await uow.projects.of_member(member.id)
            milestones = await uow.milestones.of_member(member.id)
        streak = shown_streak(stored_streak(member), today)
        level = self._progress.climb(member, evidence.progress).level
        picture = await self.pictures.get(
            member.id,
            ProfileData(
                name=member.name,
                level=level.name,
                xp=member.xp,
                streak=streak,
                today=today,
                studied=frozenset(day for day, kind in calendar if kind in STUDIED_KINDS),
                frozen=frozenset(day for day, kind in calendar if kind not in STUDIED_KINDS),
                xp_by_day=tuple(xp_by_day),
                first_day=member_today(member, community, member.created_at),
            ),
        )
        shipped = sum(p.status == "shipped" for p in projects)
        recent = [m.key for m in milestones[-MILESTONES_SHOWN:]]
        fields = (
            Field("Level", level.name),
            Field("XP", f"{member.xp:,}"),
            Field(
                "Streak",
                f"{plural(streak, 'day')} (longest {member.streak_longest})"
                + (f" · {hold_line(member, own=False)}" if on_hold(member, today) else ""),
            ),
            Field("Projects", f"{len(projects)} ({shipped} shipped)"),
            Field("Mastered topics", ", ".join(evidence.mastered) or "none yet", inline=False),
            Field(
                "Milestones",
                f"{len(milestones)}" + (f": {', '.join(recent)}" if recent else ""),
                inline=False,
            ),
        )
        return Reply(
            f"{member.name}'s study profile: streak calendar and XP over time in the picture.",
            title=f"{member.name} · {level.name}",
            fields=fields,
            attachment=Attachment(f"mlpath-profile-{member.user_id}.png", picture, "image/png"),
        )

    async def dashboard(self, actor: Actor) -> Reply:
        """The member's summary for the Slack Home tab: streak, level and what is next,
        and practice questions due."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:  # looking never enrols anyone
            community = await uow.communities.get(actor.platform, actor.community_id)
            member = await uow.members.get(community.id, actor.user_id) if community else None
            if community is None or member is None:
                return Reply(
                    "Welcome! Check in after you study with /mlpath checkin, practise with "
                    "/mlpath quiz, and your streak, level and next steps appear here.",
                    title="Your mlpath",
                    buttons=(CHECKIN_BUTTON, PRACTICE_BUTTON),
                )
            evidence = await self._progress.evidence(uow, member)
            due = len(await uow.quiz.due_cards(member.id, now))
        today = member_today(member, community, now)
        streak = stored_streak(member)
        done = checked_in(streak, today)
        position = self._progress.climb(member, evidence.progress)
        fields = (
            Field("Streak", plural(shown_streak(streak, today), "day")),
            Field("Today", _today_line(member, done, today)),
            Field("Level", position.level.name),
            Field("XP", f"{member.xp:,}"),
            *next_step(position, evidence, list(self._ladder.tracks)),
            Field("Practice due", f"{plural(due, 'question')} to review" if due else "nothing due"),
        )
        buttons = [] if done or on_hold(member, today) else [CHECKIN_BUTTON]
        buttons.append(PRACTICE_BUTTON)
        return Reply(
            f"Hi {member.name}: here is where you stand.",
            title="Your mlpath",
            fields=fields,
            buttons=tuple(buttons),
        )


def _today_line(member: Member, done: bool, today: date) -> str:
    if done:
        return "checked in ✅"
    return hold_line(member, own=False) if on_hold(member, today) else "not checked in yet"
