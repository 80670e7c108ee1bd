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
from bot.services.actor import Actor, MemberRef

NAME_MAX = 100


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
                name=(actor.community_name or actor.community_id)[:NAME_MAX],
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
        member = await uow.members.add(
            Member(
                community_id=community.id,
                user_id=actor.user_id,
                name=actor.user_name[:NAME_MAX],
                timezone=None,
                platform_timezone=_known_zone(actor.platform_timezone),
                is_moderator=first and actor.platform == "console",
                hidden=False,
                xp=0,
                streak_current=0,
                streak_longest=0,
                freezes=0,
                created_at=now,
            )
        )
        return Enrolment(community, member, True)
    _refresh(member, community, actor)
    return Enrolment(community, member, False)


def _refresh(member: Member, community: Community, actor: Actor) -> None:
    if member.name != actor.user_name[:NAME_MAX]:
        member.name = actor.user_name[:NAME_MAX]
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
    member = await uow.members.get(community.id, ref.user_id, lock=lock)
    if member is None and ref.name:
        member = await uow.members.find_by_name(community.id, ref.name)
    if member is None:
        who = ref.name or ref.user_id
        raise NotFound(f"{who} has not used mlpath in this community yet.")
    return member


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
