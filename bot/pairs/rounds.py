"""The pairing round (SPEC §12): every Monday at the community's post time the members who
joined are matched, and each group's introduction is queued through the outbox; on Thursday
each member is asked *Did you meet?*.

Exactly once: a round is a ``pair_rounds`` row unique per (community, key) — the Monday's date,
or ``now:…`` for ``/admin pair now`` — written in the same short transaction as its groups and
the outbox rows of its introductions (each unique per community, kind and key), after the
matching was worked out outside any write transaction. A replica or a restart that finds the
round there queues nothing; one that loses the race to the unique key gives way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from bot.clock import Clock
from bot.content.catalog import Catalog
from bot.db.models import Community, Member
from bot.db.uow import UnitOfWork, UnitOfWorkFactory, retrying
from bot.domain.errors import Conflict
from bot.domain.schedule import latest_due, next_due, post_instant
from bot.pairs.intro import Partner, introduction, meet_question, offset_minutes
from bot.pairs.matching import Candidate, Pair, match, pairs_of
from bot.pairs.rules import (
    CHECK_WEEKDAY,
    RECENT_ROUNDS,
    ROUND_WEEKDAY,
    Standing,
    last_weekday,
    takes_part,
)
from bot.replies import Reply
from bot.services.daily import post_clock
from bot.services.members import member_timezone, member_today
from bot.services.outbox import DM_PREFIX, GROUP_PREFIX, enqueue
from bot.services.progress import Progression
from bot.services.streak_care import on_hold

log = logging.getLogger("mlpath.pairs")

CATCH_UP = timedelta(hours=6)
GROUP_PLATFORMS = frozenset({"slack", "console"})  # one message to the group; else a DM each


@dataclass(frozen=True, slots=True)
class Post:
    kind: str
    key: str
    reply: Reply
    channel: str


@dataclass(frozen=True, slots=True)
class Held:
    """A round as held: its number, groups (as names) and members left out or unmatched."""

    number: int
    groups: tuple[tuple[str, ...], ...]
    joined: int
    unmatched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    community: Community
    key: str
    number: int
    groups: list[tuple[int, ...]]
    posts: list[Post]
    held: Held


class PairRounds:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        progress: Progression,
        *,
        catch_up: timedelta = CATCH_UP,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._progress = progress
        self.catch_up = catch_up

    # --- when -----------------------------------------------------------------------------

    def _due(
        self, community: Community, now: datetime, weekday: int
    ) -> tuple[date, datetime] | None:
        """This week's ``weekday`` (its study day and post instant), when its post time
        passed within the catch-up window."""
        clock = post_clock(community)
        day = last_weekday(latest_due(clock, now)[0], weekday)
        instant = post_instant(clock, day)
        return (day, instant) if timedelta(0) <= now - instant <= self.catch_up else None

    async def run_due(self, community_id: int | None = None) -> int:
        """Hold the rounds and queue the Thursday questions due now; idempotent. Returns how
        many posts were queued. One community failing is logged; the others go on."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            communities = [
                c
                for c in await uow.pairs.active_communities()
                if community_id is None or c.id == community_id
            ]
        queued = 0
        for community in communities:
            try:
                queued += await self._run_community(community, now)
            except Exception:
                if community_id is not None:
                    raise
                log.exception("community %s: pairing failed; the next run retries", community.id)
        return queued

    async def _run_community(self, community: Community, now: datetime) -> int:
        queued = 0
        monday = self._due(community, now, ROUND_WEEKDAY)
        if monday is not None:
            held = await self.hold(community.id, monday[0].isoformat(), now)
            queued += held[1] if held is not None else 0
        thursday = self._due(community, now, CHECK_WEEKDAY)
        if thursday is not None and await self._unasked(community, thursday[1]):
            queued += await retrying(partial(self._ask_met, community, thursday[1], now))
        return queued

    async def _unasked(self, community: Community, thursday: datetime) -> bool:
        """Whether a round of the week before ``thursday`` still waits for its question (a
        read: the write transaction is only taken when there is something to queue)."""
        async with self._uow(write=False) as uow:
            held = await uow.pairs.unchecked_since(community.id, thursday - timedelta(days=7))
        return held is not None and held.held_at < thursday

    async def next_instant(self, after: datetime) -> datetime | None:
        """The next Monday or Thursday post time of a community that pairs (console clock)."""
        async with self._uow(write=False) as uow:
            communities = await uow.pairs.active_communities()
        return min((self.next_round(c, after, True) for c in communities), default=None)

    def next_round(self, community: Community, after: datetime, checks: bool = False) -> datetime:
        """The next round's instant after ``after`` (with ``checks``: or Thursday question's)."""
        day, instant = next_due(post_clock(community), after)
        wanted = {ROUND_WEEKDAY, CHECK_WEEKDAY} if checks else {ROUND_WEEKDAY}
        while day.weekday() not in wanted:
            day, instant = next_due(post_clock(community), instant)
        return instant

    # --- a round --------------------------------------------------------------------------

    async def hold(self, community_id: int, key: str, now: datetime) -> tuple[Held, int] | None:
        """Hold the community's round ``key`` once: (the round, posts queued), or None when it
        was held already (here, by a replica, or before a restart)."""
        plan = await self._plan(community_id, key, now)
        if plan is None:
            return None
        try:
            queued = await retrying(partial(self._write, plan, now))
        except Conflict:
            log.info("community %s: round %s was held by another process", community_id, key)
            return None
        return None if queued is None else (plan.held, queued)

    async def _plan(self, community_id: int, key: str, now: datetime) -> _Plan | None:
        """The round worked out outside any write transaction (the matching in a thread)."""
        found = await self._gather(community_id, key, now)
        if found is None:
            return None
        community, joined, number, recent, partners = found
        candidates = [
            Candidate(k, offset_minutes(p.timezone, now), p.progress) for k, p in partners.items()
        ]
        groups = await asyncio.to_thread(match, candidates, recent, number)
        matched = {k for g in groups for k in g}
        held = Held(
            number,
            tuple(tuple(partners[k].name for k in g) for g in groups),
            joined,
            tuple(p.name for k, p in partners.items() if k not in matched),
        )
        posts = self._posts(community, key, [[partners[k] for k in g] for g in groups], now)
        return _Plan(community, key, number, groups, posts, held)

    async def _gather(
        self, community_id: int, key: str, now: datetime
    ) -> tuple[Community, int, int, frozenset[Pair], dict[int, Partner]] | None:
        """(the community, how many joined, the round's number, the pairs of the last rounds,
        the members taking part by id), or None when the round was held already."""
        async with self._uow(write=False) as uow:
            community = await uow.communities.by_id(community_id)
            if community is None or await uow.pairs.round_exists(community_id, key):
                return None
            signups = await uow.pairs.signups(community_id)
            latest = await uow.pairs.latest_rounds(community_id, RECENT_ROUNDS)
            groups = await uow.pairs.groups([r.id for r in latest])
            last = latest[0].id if latest else None
            previous = {m.member_id for (r, _), ms in groups.items() if r == last for m in ms}
            recent = pairs_of([m.member_id for m in ms] for ms in groups.values())
            progress = await uow.pairs.progress(community_id)
            partners = {
                m.id: await self._partner(uow, m, community, progress)
                for m, cadence in signups
                if takes_part(self._standing(m, cadence, community, now, previous))
            }
        number = latest[0].number + 1 if latest else 1
        return community, len(signups), number, recent, partners

    @staticmethod
    def _standing(
        member: Member, cadence: str, community: Community, now: datetime, previous: set[int]
    ) -> Standing:
        today = member_today(member, community, now)
        return Standing(cadence, member.hidden, on_hold(member, today), member.id in previous)

    async def _partner(
        self,
        uow: UnitOfWork,
        member: Member,
        community: Community,
        progress: dict[int, tuple[int, int]],
    ) -> Partner:
        evidence = await self._progress.evidence(uow, member)
        level = self._progress.climb(member, evidence.progress).level
        days, furthest = progress.get(member.id, (0, 0))
        tz = member_timezone(member, community)
        return Partner(member.user_id, member.name, tz, days, furthest, level.key)

    def _posts(
        self, community: Community, key: str, groups: Sequence[Sequence[Partner]], now: datetime
    ) -> list[Post]:
        """One message to each group (Slack: a group DM; console: printed once), or on
        Discord, where bots cannot open group DMs, a DM to each member."""
        posts = []
        for number, group in enumerate(groups, start=1):
            if community.platform in GROUP_PLATFORMS:
                channel = GROUP_PREFIX + ",".join(p.user_id for p in group)
                reply = introduction(self._catalog, group, now, key)
                posts.append(Post("pair-intro", f"group:{key}:{number}", reply, channel))
                continue
            for reader in group:
                reply = introduction(self._catalog, group, now, key, reader)
                posts.append(
                    Post("pair-intro", f"{reader.user_id}:{key}", reply, DM_PREFIX + reader.user_id)
                )
        return posts

    async def _write(self, plan: _Plan, now: datetime) -> int | None:
        community = plan.community
        async with self._uow() as uow:
            if await uow.pairs.round_exists(community.id, plan.key):
                return None
            await uow.pairs.add_round(community.id, plan.key, plan.number, now, plan.groups)
            queued = 0
            for post in plan.posts:
                queued += await enqueue(
                    uow, community, post.kind, post.key, post.reply, now, channel=post.channel
                )
            await uow.commit()
        return queued

    # --- Thursday -------------------------------------------------------------------------

    async def _ask_met(self, community: Community, thursday: datetime, now: datetime) -> int:
        """Ask each member of the week's round whether they met, once per round."""
        async with self._uow() as uow:
            held = await uow.pairs.unchecked_since(community.id, thursday - timedelta(days=7))
            if held is None or held.held_at >= thursday:
                return 0
            groups = await uow.pairs.groups([held.id])
            queued = 0
            for (_, group_no), _matches in sorted(groups.items()):
                rows = await uow.pairs.group_members(held.id, group_no)
                people = [_shown(m, community) for _, m in rows]
                for reader in people:
                    others = [p for p in people if p is not reader]
                    reply = meet_question(held.id, community.external_id, reader, others)
                    queued += await enqueue(
                        uow,
                        community,
                        "pair-check",
                        f"{reader.user_id}:{held.id}",
                        reply,
                        now,
                        channel=DM_PREFIX + reader.user_id,
                    )
            held.checked = True
            await uow.commit()
        return queued


def _shown(member: Member, community: Community) -> Partner:
    return Partner(member.user_id, member.name, member_timezone(member, community), 0, 0, "")
