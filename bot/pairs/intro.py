"""What the pairing round says: the introduction of a pair (partners, local times, a 30-minute
agenda from their roadmap step, one mock-interview prompt for their level) and Thursday's
*Did you meet?* question. Built from plain data; no database, no platform."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.content.catalog import Catalog
from bot.content.interviews import InterviewPrompt
from bot.domain.timeutil import zone
from bot.pairs.matching import common_window
from bot.pairs.rules import MET_XP
from bot.replies import Button, Field, Reply

MET_ACTION = "pairmet"


@dataclass(frozen=True, slots=True)
class Partner:
    """A member of a group as the introduction shows them."""

    user_id: str
    name: str
    timezone: str
    progress: int  # roadmap days checked in on
    furthest: int  # the furthest roadmap day checked in on (0: none)
    level: str  # ladder level (or track) key


def offset_minutes(tz: str, at: datetime) -> int:
    """Minutes east of UTC of ``tz`` at the instant ``at``."""
    offset = at.astimezone(zone(tz)).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _local(tz: str, at: datetime) -> str:
    return f"{at.astimezone(zone(tz)):%a %H:%M}"


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _overlap_line(group: Sequence[Partner], at: datetime) -> str:
    """The longest stretch in every member's local 09:00–22:00, in each one's own time."""
    window = common_window([offset_minutes(p.timezone, at) for p in group])
    if window is None:
        return "Your local days (09:00–22:00) do not overlap; pick a time that suits you all."
    start, length = window
    first = at.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(minutes=start)
    end = first + timedelta(minutes=length)
    spans = ", ".join(
        f"{first.astimezone(zone(p.timezone)):%H:%M}–{end.astimezone(zone(p.timezone)):%H:%M} "
        f"for {p.name}"
        for p in group
    )
    return f"Your days (09:00–22:00 local) overlap {_duration(length)}: {spans}."


def _step_of(catalog: Catalog, group: Sequence[Partner]) -> tuple[int, int]:
    """(the step, the roadmap day) to meet about: the next day of the member furthest behind."""
    days = catalog.roadmap.days
    behind = min(p.furthest for p in group)
    day = days[min(behind, len(days) - 1)]  # the day after it (days are numbered from 1)
    return day.step, day.day


def agenda(catalog: Catalog, group: Sequence[Partner]) -> str:
    step_id, day_no = _step_of(catalog, group)
    step = catalog.roadmap.steps[step_id - 1]
    day = catalog.roadmap.days[day_no - 1]
    return (
        f"5 min · where each of you is in step {step.id}, {step.name}.\n"
        f"15 min · the mock interview below: one asks, one answers, then swap on the "
        f"follow-up.\n"
        f"10 min · plan Day {day.day}, “{day.title}”, together: {day.task}"
    )


def pick_prompt(
    catalog: Catalog, group: Sequence[Partner], round_key: str
) -> InterviewPrompt | None:
    """One prompt for the group's level (the lowest of its members' levels), varied by round.
    A level without prompts takes the nearest lower level that has some."""
    order = [rung.key for rung in (*catalog.ladder.levels, *catalog.ladder.tracks)]
    rank = {key: i for i, key in enumerate(order)}
    level = min((p.level for p in group), key=lambda k: rank.get(k, 0))
    pack = catalog.interviews
    candidates = pack.for_level(level)
    index = rank.get(level, 0)
    while not candidates and index > 0:
        index -= 1
        candidates = pack.for_level(order[index])
    candidates = candidates or list(pack.prompts)
    if not candidates:
        return None
    seed = f"{round_key}:{','.join(sorted(p.user_id for p in group))}".encode()
    pick = int.from_bytes(hashlib.blake2b(seed, digest_size=4).digest(), "big")
    return candidates[pick % len(candidates)]


def _interview_field(prompt: InterviewPrompt | None) -> Field:
    if prompt is None:
        return Field("Mock interview", "No interview prompts are installed.", inline=False)
    rubric = "\n".join(f"• {point}" for point in prompt.rubric)
    return Field(
        f"Mock interview ({prompt.track})",
        f"{prompt.prompt}\nA strong answer covers:\n{rubric}\nFollow-up: {prompt.follow_up}",
        inline=False,
    )


def introduction(
    catalog: Catalog,
    group: Sequence[Partner],
    at: datetime,
    round_key: str,
    reader: Partner | None = None,
) -> Reply:
    """The group's introduction; addressed to ``reader`` when each member gets their own."""
    others = [p for p in group if p is not reader]
    names = " and ".join(p.name for p in others)
    head = (
        f"Meet {names}: your study partner{'s' if len(others) > 1 else ''} this week."
        if reader is not None
        else f"{' and '.join(p.name for p in group)}: you are study partners this week."
    )
    who = "\n".join(f"{p.name} · {p.timezone} · now {_local(p.timezone, at)}" for p in group)
    return Reply(
        f"{head} Say hello and pick 30 minutes before Thursday. {_overlap_line(group, at)}",
        title="🤝 Your study pair",
        fields=(
            Field("Who", who, inline=False),
            Field("Agenda, 30 minutes", agenda(catalog, group), inline=False),
            _interview_field(pick_prompt(catalog, group, round_key)),
        ),
        private=True,
    )


def meet_question(
    round_id: int, community: str, reader: Partner, others: Sequence[Partner]
) -> Reply:
    """Thursday's question to one member, with buttons that name the round and community."""
    names = " and ".join(p.name for p in others)
    return Reply(
        f"Did you meet {names} this week? A yes from both of you earns each {MET_XP} XP.",
        title="Did you meet?",
        buttons=(
            Button("Yes", MET_ACTION, f"{round_id}.yes", "success", community),
            Button("Not yet", MET_ACTION, f"{round_id}.notyet", "secondary", community),
            Button("Skip", MET_ACTION, f"{round_id}.skip", "secondary", community),
        ),
        private=True,
    )
