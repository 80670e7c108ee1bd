"""Finding and enrolling communities and members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.db.models import Community, Member
from bot.db.uow import UnitOfWork
from bot.domain.errors import BadInput, NotFound
from bot.domain.streaks import Streak, streak_ends_at
from bot.domain.timeutil import effective_timezone, parse_hhmm, study_day, zone
from bot.domain.untrusted import clean_name
from bot.services.actor import Actor, MemberRef

NAME_MAX = 100
CONSOLE = "console"
CANDIDATES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Enrolment:
    community: Community
    member: Member
    new_member: bool


async def community_of(uow: UnitOfWork, actor: Actor, now: datetime) -> Community:
    """Get or create the actor's community (without enrolling the actor)."""
    community = await uow.communities.get(actor.platform, actor.community_id)
    if community is None:
        community = await uow.communities.add(
            Community(
                platform=actor.platform,
                external_id=actor.community_id,
                name=clean_name(actor.community_name, actor.community_id)[:NAME_MAX],
                timezone="UTC",
                day_start="00:00",
                post_time="09:00",
                channel_id=actor.channel_id,
                paused=False,
                created_at=now,
            )
        )
    return community


async def enrol(uow: UnitOfWork, actor: Actor, now: datetime, *, lock: bool = False) -> Enrolment:
    """Get or create the actor's community and member, refreshing name and profile tz.

    A returning member costs one query (community and member joined); ``lock`` locks the
    member row for the rest of the transaction (Postgres; SQLite has one writer)."""
    found = await uow.members.enrolled(actor.platform, actor.community_id, actor.user_id, lock=lock)
    if found is not None:
        _refresh(found[1], found[0], actor)
        return Enrolment(found[0], found[1], False)
    community = await community_of(uow, actor, now)
    member = await uow.members.get(community.id, actor.user_id, lock=lock)
    if member is None:
        first = await uow.members.count(community.id) == 0
        fresh = new_member(community, actor.user_id, _name_of(actor), now)
        fresh.platform_timezone = _known_zone(actor.platform_timezone)
        fresh.is_moderator = first and actor.platform == CONSOLE
        member = await uow.members.add(fresh)
        return Enrolment(community, member, True)
    _refresh(member, community, actor)
    return Enrolment(community, member, False)


async def visit(uow: UnitOfWork, actor: Actor, now: datetime) -> Enrolment:
    """The caller of a command that only reads: their enrolment, or else a *visitor* — a
    member with nothing stored, never added to the database. Only a member's own actions
    enrol them (README, "Members own their data"), so looking — after ``/me delete`` too —
    stores nothing about anyone."""
    found = await uow.members.enrolled(actor.platform, actor.community_id, actor.user_id)
    if found is not None:
        _refresh(found[1], found[0], actor)
        return Enrolment(found[0], found[1], False)
    community = await community_of(uow, actor, now)
    visitor = new_member(community, actor.user_id, _name_of(actor), now)
    visitor.platform_timezone = _known_zone(actor.platform_timezone)
    return Enrolment(community, visitor, False)


def new_member(community: Community, user_id: str, name: str, now: datetime) -> Member:
    """A member as enrolment creates them: no settings, no history, every counter at 0."""
    return Member(
        community_id=community.id,
        user_id=user_id,
        name=clean_name(name, user_id)[:NAME_MAX],
        timezone=None,
        platform_timezone=None,
        is_moderator=False,
        hidden=False,
        remind_at=None,
        track=None,
        xp=0,
        streak_current=0,
        streak_longest=0,
        freezes=0,
        correct_answers=0,
        mastered_topics=0,
        shipped_projects=0,
        exercises_passed=0,
        practice_xp=0,
        created_at=now,
    )


def _name_of(actor: Actor) -> str:
    """The actor's platform name as stored: one printable line (no NUL), never empty."""
    return clean_name(actor.user_name, actor.user_id)[:NAME_MAX]


def _refresh(member: Member, community: Community, actor: Actor) -> None:
    name = _name_of(actor)
    if member.name != name:
        member.name = name
    profile_tz = _known_zone(actor.platform_timezone)
    if profile_tz and member.platform_timezone != profile_tz:
        member.platform_timezone = profile_tz
        refresh_streak_end(member, community)


def _known_zone(name: str | None) -> str | None:
    """Profile timezones come from the platform; ignore ones this machine cannot resolve."""
    if not name:
        return None
    try:
        zone(name)
    except BadInput:
        return None
    return name


async def find_member(
    uow: UnitOfWork, community: Community, ref: MemberRef, *, lock: bool = False
) -> Member:
    """The member a command names. A mention or a user option names a user id, and only that
    id counts: a display name is not an identity (anyone can take "Alice" as a nickname). A
    typed name is accepted in the console only, and only when exactly one member has it (as
    a name, case-insensitively, or as an id); otherwise the candidates are listed."""
    if not ref.typed:
        member = await uow.members.get(community.id, ref.user_id, lock=lock)
        if member is None:
            raise NotFound(_never_used(ref))
        return member
    if community.platform != CONSOLE:
        raise BadInput(
            f"`{ref.name or ref.user_id}` is a name, and anyone can take a name: mention the "
            "member instead (type @ and pick them from the list)."
        )
    matches = await uow.members.matching(community.id, ref.user_id, CANDIDATES_SHOWN + 1)
    if not matches:
        raise NotFound(_never_used(ref))
    if len(matches) > 1:
        listed = ", ".join(f"{m.name} (id {m.user_id})" for m in matches[:CANDIDATES_SHOWN])
        more = " and more" if len(matches) > CANDIDATES_SHOWN else ""
        raise BadInput(
            f"More than one member goes by {ref.user_id}: {listed}{more}. Name one by its id."
        )
    if not lock:
        return matches[0]
    member = await uow.members.get(community.id, matches[0].user_id, lock=True)
    assert member is not None  # the same transaction just read it
    return member


async def find_or_enrol(
    uow: UnitOfWork, community: Community, ref: MemberRef, now: datetime
) -> Member:
    """``find_member``, except that a member mentioned by platform id (Discord, Slack) who
    never used mlpath is enrolled by that id — for a moderator's ``/admin mods add``."""
    if ref.typed or community.platform == CONSOLE:
        return await find_member(uow, community, ref)
    member = await uow.members.get(community.id, ref.user_id)
    if member is None:
        member = await uow.members.add(new_member(community, ref.user_id, ref.name or "", now))
    return member


def _never_used(ref: MemberRef) -> str:
    return f"{ref.name or ref.user_id} has not used mlpath in this community yet."


async def subject(uow: UnitOfWork, enrolment: Enrolment, target: MemberRef | None) -> Member:
    """The member a command is about: the one named, or else the caller."""
    if target is None:
        return enrolment.member
    return await find_member(uow, enrolment.community, target)


def member_timezone(member: Member, community: Community) -> str:
    return effective_timezone(member.timezone, member.platform_timezone, community.timezone)


def member_today(member: Member, community: Community, now: datetime) -> date:
    """The member's current study day."""
    return study_day(now, member_timezone(member, community), parse_hhmm(community.day_start))


def community_today(community: Community, now: datetime) -> date:
    """The community's current study day (its timezone and day_start)."""
    return study_day(now, community.timezone, parse_hhmm(community.day_start))


def stored_streak(member: Member) -> Streak:
    return Streak.stored(
        member.streak_current,
        member.streak_longest,
        member.freezes,
        member.last_study_day,
        member.streak_anchor,
    )


def streak_values(streak: Streak, member: Member, community: Community) -> dict[str, Any]:
    """The member columns that store ``streak``, with the instant it ends in the member's
    own timezone (the live-streak board's index)."""
    return {
        "streak_current": streak.current,
        "streak_longest": streak.longest,
        "freezes": streak.freezes,
        "last_study_day": streak.last_day,
        "streak_anchor": streak.anchor,
        "streak_ends_at": streak_end(streak, member, community),
    }


def store_streak(member: Member, community: Community, streak: Streak) -> None:
    for column, value in streak_values(streak, member, community).items():
        setattr(member, column, value)


def streak_end(streak: Streak, member: Member, community: Community) -> datetime | None:
    tz = member_timezone(member, community)
    return streak_ends_at(streak, tz, parse_hhmm(community.day_start))


async def refresh_streak_ends(uow: UnitOfWork, community: Community) -> None:
    """After the community's timezone or day start changed: every member's streak end."""
    for member in await uow.members.in_community(community.id):
        refresh_streak_end(member, community)


def refresh_streak_end(member: Member, community: Community) -> None:
    """After the member's timezone or the community's day changed: when the streak ends."""
    ends = streak_end(stored_streak(member), member, community)
    if member.streak_ends_at != ends:
        member.streak_ends_at = ends
