"""Daily check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select

from bot.db.models import CheckIn, Member
from bot.db.repositories._base import _bump, _Repository, _table
from bot.domain.streaks import STUDIED_KINDS

_INSERT_CHECKINS = insert(_table(CheckIn))  # built once (see ``_base``)


class CheckinRepository(_Repository):
    async def add(
        self, member_id: int, day: date, kind: str, at: datetime, note: str | None = None
    ) -> CheckIn:
        row = CheckIn(member_id=member_id, study_day=day, kind=kind, note=note, at=at)
        self.session.add(row)
        await self.session.flush()
        if kind in STUDIED_KINDS:  # a freeze or a repair keeps a streak whole; nobody studied
            await _bump(self.session, member_id, day, days=1)
        return row

    async def record_day(
        self,
        member_id: int,
        day: date,
        at: datetime,
        note: str | None,
        frozen: Sequence[date],
        roadmap_day: int | None,
    ) -> None:
        """A credited day and the freeze rows before it, in one INSERT; the caller counts the
        day in the member's counters (``XpRepository.award(days=1)``) in the same transaction.
        ``roadmap_day``: the group's roadmap day of ``day`` now, kept with the check-in."""
        rows: list[dict[str, object]] = [
            {
                "member_id": member_id,
                "study_day": d,
                "kind": "freeze",
                "note": None,
                "at": at,
                "roadmap_day": None,
            }
            for d in frozen
        ]
        rows.append(
            {
                "member_id": member_id,
                "study_day": day,
                "kind": "checkin",
                "note": note,
                "at": at,
                "roadmap_day": roadmap_day,
            }
        )
        await self.session.execute(_INSERT_CHECKINS, rows if len(rows) > 1 else rows[0])

    async def replace_freezes(self, member_id: int, days: Sequence[date], at: datetime) -> None:
        """Freeze rows are derived from the credited days; after an audited restore they are
        rewritten to match the recomputation."""
        await self.session.execute(
            delete(CheckIn).where(CheckIn.member_id == member_id, CheckIn.kind == "freeze")
        )
        for day in days:
            self.session.add(CheckIn(member_id=member_id, study_day=day, kind="freeze", at=at))
        await self.session.flush()

    async def on_day(self, member_id: int, day: date) -> CheckIn | None:
        stmt = select(CheckIn).where(CheckIn.member_id == member_id, CheckIn.study_day == day)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def counts_between(
        self, community_id: int, first: date, last: date
    ) -> list[tuple[str, int]]:
        """(name, credited days) per visible member between two study days, most first."""
        days = func.count(CheckIn.id)
        stmt = (
            select(Member.name, days)
            .join(Member, Member.id == CheckIn.member_id)
            .where(
                Member.community_id == community_id,
                Member.hidden.is_(False),
                CheckIn.kind == "checkin",
                CheckIn.study_day.between(first, last),
            )
            .group_by(Member.id, Member.name)
            .order_by(days.desc(), Member.name)
        )
        return [(name, int(n)) for name, n in (await self.session.execute(stmt)).all()]

    async def per_day(self, community_id: int, first: date, last: date) -> dict[date, int]:
        """Credited check-ins per study day in a community."""
        stmt = (
            select(CheckIn.study_day, func.count(CheckIn.id))
            .join(Member, Member.id == CheckIn.member_id)
            .where(
                Member.community_id == community_id,
                CheckIn.kind == "checkin",
                CheckIn.study_day.between(first, last),
            )
            .group_by(CheckIn.study_day)
        )
        return {day: int(n) for day, n in (await self.session.execute(stmt)).all()}

    async def active_members(self, community_id: int, since: date) -> int:
        stmt = (
            select(func.count(func.distinct(CheckIn.member_id)))
            .join(Member, Member.id == CheckIn.member_id)
            .where(
                Member.community_id == community_id,
                CheckIn.kind == "checkin",
                CheckIn.study_day >= since,
            )
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def roadmap_days(self, member_id: int) -> list[int]:
        """The distinct roadmap days a member checked in on, as stored with each check-in
        (restores, repairs and freezes are not studied roadmap days)."""
        stmt = (
            select(CheckIn.roadmap_day)
            .where(
                CheckIn.member_id == member_id,
                CheckIn.kind == "checkin",
                CheckIn.roadmap_day.is_not(None),
            )
            .distinct()
        )
        return sorted(int(n) for n in (await self.session.execute(stmt)).scalars() if n is not None)

    async def history(self, member_id: int) -> Sequence[CheckIn]:
        stmt = select(CheckIn).where(CheckIn.member_id == member_id).order_by(CheckIn.study_day)
        return (await self.session.execute(stmt)).scalars().all()
