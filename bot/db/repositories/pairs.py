"""Study pairs: sign-ups, the community switch, rounds and who met whom."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, distinct, func, select

from bot.db.models import (
    CheckIn,
    Community,
    Member,
    OutboxMessage,
    PairMatch,
    PairRound,
    PairSetting,
    PairSignup,
)
from bot.db.repositories._base import _Repository

PAIR_POST_KINDS = ("pair-intro", "pair-check")


@dataclass(frozen=True, slots=True)
class Placed:
    """One member's place in a round: the round, their group and answer."""

    round: PairRound
    group_no: int
    answer: str | None


class PairRepository(_Repository):
    # --- sign-ups and the community switch ------------------------------------------------

    async def signup(self, member_id: int) -> PairSignup | None:
        return await self.session.get(PairSignup, member_id)

    async def join(self, member_id: int, cadence: str, at: datetime) -> None:
        found = await self.signup(member_id)
        if found is None:
            self.session.add(PairSignup(member_id=member_id, cadence=cadence, joined_at=at))
        else:
            found.cadence = cadence
        await self.session.flush()

    async def leave(self, member_id: int) -> bool:
        result = await self.session.execute(
            delete(PairSignup).where(PairSignup.member_id == member_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def paused(self, community_id: int) -> bool:
        setting = await self.session.get(PairSetting, community_id)
        return setting is not None and setting.paused

    async def set_paused(self, community_id: int, paused: bool, at: datetime) -> None:
        setting = await self.session.get(PairSetting, community_id)
        if setting is None:
            self.session.add(PairSetting(community_id=community_id, paused=paused, changed_at=at))
        else:
            setting.paused, setting.changed_at = paused, at
        await self.session.flush()

    async def active_communities(self) -> Sequence[Community]:
        """Communities with at least one member who joined, whose pairing is not paused."""
        paused = select(PairSetting.community_id).where(PairSetting.paused.is_(True))
        joined = select(Member.community_id).join(PairSignup, PairSignup.member_id == Member.id)
        stmt = select(Community).where(Community.id.in_(joined), Community.id.not_in(paused))
        return (await self.session.execute(stmt)).scalars().all()

    async def signups(self, community_id: int) -> list[tuple[Member, str]]:
        """Every member of the community who joined, with their cadence."""
        stmt = (
            select(Member, PairSignup.cadence)
            .join(PairSignup, PairSignup.member_id == Member.id)
            .where(Member.community_id == community_id)
            .order_by(Member.id)
        )
        return [(m, c) for m, c in (await self.session.execute(stmt)).all()]

    async def progress(self, community_id: int) -> dict[int, tuple[int, int]]:
        """Per member who joined: (roadmap days they checked in on, the furthest of them)."""
        stmt = (
            select(
                CheckIn.member_id,
                func.count(distinct(CheckIn.roadmap_day)),
                func.max(CheckIn.roadmap_day),
            )
            .join(PairSignup, PairSignup.member_id == CheckIn.member_id)
            .join(Member, Member.id == CheckIn.member_id)
            .where(Member.community_id == community_id, CheckIn.roadmap_day.is_not(None))
            .group_by(CheckIn.member_id)
        )
        return {
            m: (int(n), int(top or 0)) for m, n, top in (await self.session.execute(stmt)).all()
        }

    # --- rounds ---------------------------------------------------------------------------

    async def round_exists(self, community_id: int, key: str) -> bool:
        stmt = select(PairRound.id).where(
            PairRound.community_id == community_id, PairRound.key == key
        )
        return (await self.session.execute(stmt)).first() is not None

    async def latest_rounds(self, community_id: int, count: int) -> Sequence[PairRound]:
        stmt = (
            select(PairRound)
            .where(PairRound.community_id == community_id)
            .order_by(PairRound.id.desc())
            .limit(count)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def round_by_id(self, round_id: int) -> PairRound | None:
        return await self.session.get(PairRound, round_id)

    async def add_round(
        self,
        community_id: int,
        key: str,
        number: int,
        at: datetime,
        groups: Sequence[Sequence[int]],
    ) -> PairRound:
        """The round and its groups (member ids), in the caller's transaction."""
        held = PairRound(
            community_id=community_id, key=key, number=number, held_at=at, checked=False
        )
        self.session.add(held)
        await self.session.flush()
        for group_no, group in enumerate(groups, start=1):
            for member_id in group:
                self.session.add(
                    PairMatch(round_id=held.id, member_id=member_id, group_no=group_no)
                )
        await self.session.flush()
        return held

    async def groups(self, round_ids: Sequence[int]) -> dict[tuple[int, int], list[PairMatch]]:
        """The groups of the rounds, keyed by (round id, group number)."""
        if not round_ids:
            return {}
        stmt = (
            select(PairMatch)
            .where(PairMatch.round_id.in_(list(round_ids)))
            .order_by(PairMatch.round_id, PairMatch.group_no, PairMatch.member_id)
        )
        out: dict[tuple[int, int], list[PairMatch]] = {}
        for match in (await self.session.execute(stmt)).scalars():
            out.setdefault((match.round_id, match.group_no), []).append(match)
        return out

    async def place(self, round_id: int, member_id: int) -> PairMatch | None:
        stmt = select(PairMatch).where(
            PairMatch.round_id == round_id, PairMatch.member_id == member_id
        )
        return (await self.session.execute(stmt)).scalars().first()

    async def group_members(self, round_id: int, group_no: int) -> list[tuple[PairMatch, Member]]:
        stmt = (
            select(PairMatch, Member)
            .join(Member, Member.id == PairMatch.member_id)
            .where(PairMatch.round_id == round_id, PairMatch.group_no == group_no)
            .order_by(Member.id)
        )
        return [(p, m) for p, m in (await self.session.execute(stmt)).all()]

    async def history(self, member_id: int, count: int | None = None) -> list[Placed]:
        """The member's rounds, newest first."""
        stmt = (
            select(PairRound, PairMatch.group_no, PairMatch.answer)
            .join(PairMatch, PairMatch.round_id == PairRound.id)
            .where(PairMatch.member_id == member_id)
            .order_by(PairRound.id.desc())
        )
        if count is not None:
            stmt = stmt.limit(count)
        return [Placed(r, g, a) for r, g, a in (await self.session.execute(stmt)).all()]

    async def unchecked_since(self, community_id: int, since: datetime) -> PairRound | None:
        """The latest round held since ``since`` whose Thursday question is not queued yet."""
        stmt = (
            select(PairRound)
            .where(
                PairRound.community_id == community_id,
                PairRound.held_at >= since,
                PairRound.checked.is_(False),
            )
            .order_by(PairRound.id.desc())
            .limit(1)
        )
        return (await self.session.execute(stmt)).scalars().first()

    async def forget_posts(self, community_id: int, user_id: str, group_prefix: str) -> None:
        """Drop the pairing posts to the member not sent yet (``/me delete``): their own
        (keyed by their id) and those to a group they are in (``group_prefix`` + ids)."""
        stmt = select(OutboxMessage).where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.kind.in_(PAIR_POST_KINDS),
            OutboxMessage.status != "sent",
        )
        for post in (await self.session.execute(stmt)).scalars():
            channel = str(post.payload.get("channel", ""))
            group = channel.removeprefix(group_prefix).split(",")
            mine = post.key.startswith(f"{user_id}:")
            if mine or (channel.startswith(group_prefix) and user_id in group):
                await self.session.delete(post)
        await self.session.flush()
