"""What the daily rhythm posts (SPEC §3): a roadmap day, the roadmap's end, Monday's weekly
check-in — and the outbox key each goes under.

**Keys.** A study day's posts are keyed by its date: ``daily``, ``challenge`` and ``weekly``
under ``2026-01-05``. The date key of ``daily`` is the day's one scheduled post: the scheduler
and a moderator's ``/admin post-now daily`` both claim it (insert-or-keep), so a day is
posted once however many replicas fire, and whatever the roadmap day was when it went out.
A moderator who then moves the group (``/admin roadmap-day N``) can post the day it is now
with ``post-now``: that post is keyed by the study date *and* the roadmap day
(``2026-01-05/day-5``), so it goes out at once and exactly once — and never makes the
scheduler post a second time, since the scheduler only looks for the date key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.content.catalog import Catalog
from bot.db.models import Community
from bot.db.uow import UnitOfWork
from bot.domain.periods import period_key
from bot.domain.roadmap import roadmap_day
from bot.domain.timeutil import human_date
from bot.domain.wording import plural
from bot.replies import Button, Field, Reply, form_button
from bot.services.challenge import ChallengeService, with_reveal
from bot.services.checkin import CHECKIN_BUTTON

QUIZ_ME = Button("Quiz me", "quiz", style="primary")
RECAP_TOP = 5


def moved_day_key(day: date, number: int) -> str:
    """The key of study ``day``'s post of roadmap day ``number`` when it is not the post the
    day's date key holds: ``2026-01-05/day-5``."""
    return f"{day.isoformat()}/day-{number}"


class DailyPosts:
    def __init__(self, catalog: Catalog, challenge: ChallengeService) -> None:
        self._catalog = catalog
        self._challenge = challenge

    def _day_number(self, community: Community, day: date) -> int | None:
        """Study ``day``'s number on the community's roadmap, or None outside it."""
        if community.roadmap_start is None:
            return None
        n = roadmap_day(community.roadmap_start, day)
        return n if 1 <= n <= len(self._catalog.roadmap.days) else None

    def on_roadmap(self, community: Community, day: date) -> bool:
        """Whether study ``day`` has a roadmap post (cheaper than building it)."""
        return self._day_number(community, day) is not None

    def day_reply(self, community: Community, day: date, *, private: bool = False) -> Reply | None:
        """The roadmap post of study ``day``, or None outside the roadmap."""
        n = self._day_number(community, day)
        if n is None:
            return None
        content = self._catalog.roadmap.days[n - 1]
        step = self._catalog.roadmap.step(content.step)
        fields = [Field("Reflect", content.reflection, inline=False)]
        topics = ", ".join(self._catalog.topics[t].name for t in content.topics)
        fields.append(Field("Quiz topics", topics))
        if content.resources:
            fields.append(
                Field(
                    "Read",
                    "\n".join(f"{r.title}: {r.url}" for r in content.resources),
                    inline=False,
                )
            )
        exercises = self._catalog.exercises.of_day(n)  # issue 16: the day's hands-on exercise
        if exercises:
            first = exercises[0]
            fields.append(Field("Exercise", f"{first.title}: /exercise {first.id}", inline=False))
        label = "Project day" if content.kind == "project" else "Task"
        return Reply(
            f"{label} (about {content.minutes} min): {content.task}",
            title=f"Day {n} · {step.name} · {content.title}",
            fields=tuple(fields),
            buttons=(CHECKIN_BUTTON, QUIZ_ME),
            private=private,
        )

    def complete_reply(self) -> Reply:
        days = len(self._catalog.roadmap.days)
        return Reply(
            f"You have walked all {days} days of the ML-engineer roadmap together. Keep your "
            "streaks going with /quiz and your projects; a moderator can start the path again "
            "with /admin roadmap-restart.",
            title="Roadmap complete 🎓",
            private=False,
        )

    async def weekly_reply(self, uow: UnitOfWork, community: Community, day: date) -> Reply:
        """Monday: last week's recap (the XP leaderboard) and the project check-in."""
        start, end = day - timedelta(days=7), day - timedelta(days=1)
        counts = await uow.checkins.counts_between(community.id, start, end)
        total = sum(n for _, n in counts)
        leaders = await uow.standings.top(community.id, period_key("week", start), "xp", RECAP_TOP)
        top = "\n".join(f"{i}. {s.name} — {s.value:,} XP" for i, s in enumerate(leaders, 1))
        return Reply(
            "What did you ship this week? Log it with the button below (or /project update), "
            "and share a link, a screenshot or a lesson learned in a reply here.",
            title=f"Weekly check-in · week of {human_date(start)}",
            fields=(
                Field(
                    "Last week",
                    f"{plural(total, 'check-in')} from {plural(len(counts), 'member')}."
                    if counts
                    else "Nobody checked in.",
                ),
                Field("Leaderboard (XP)", top or "Nobody earned XP last week.", inline=False),
            ),
            buttons=(form_button("Update project", "project update"),),
            private=False,
        )

    async def posts_for(
        self,
        uow: UnitOfWork,
        community: Community,
        day: date,
        now: datetime,
        *,
        scheduled: bool = False,
    ) -> list[tuple[str, str, Reply]]:
        """(kind, key, reply) of everything due for study ``day``. The roadmap post goes
        under the day's date key when ``scheduled``; otherwise (``/admin post-now``) under
        the key that posts the roadmap day the group is on now (``daily_key``)."""
        assert community.roadmap_start is not None
        n = roadmap_day(community.roadmap_start, day)
        total = len(self._catalog.roadmap.days)
        if n == total + 1:
            return [("complete", community.roadmap_start.isoformat(), self.complete_reply())]
        reply = self.day_reply(community, day)
        if reply is None:
            return []
        key = day.isoformat()
        daily_key = key if scheduled else await self.daily_key(uow, community, day, reply)
        posts = [("daily", daily_key, reply)]
        challenge = await self._challenge.challenge_for(uow, community, day, now)
        post = self._challenge.post(challenge)
        yesterday = day - timedelta(days=1)
        posted = await uow.outbox.exists(community.id, "challenge", yesterday.isoformat())
        reveal = await self._challenge.reveal(uow, community, yesterday) if posted else None
        if reveal is not None:
            post = with_reveal(post, reveal)
        posts.append(("challenge", key, post))
        if day.weekday() == 0 and n > 1:
            posts.append(("weekly", key, await self.weekly_reply(uow, community, day)))
        return posts

    async def daily_key(
        self, uow: UnitOfWork, community: Community, day: date, reply: Reply
    ) -> str:
        """The key that posts ``reply``, study ``day``'s roadmap post as it is now: the date
        key unless that holds another roadmap day (the group was moved since) or a post that
        was never sent (skipped after downtime); then the key of this roadmap day."""
        key = day.isoformat()
        held = await uow.outbox.find(community.id, "daily", key)
        if held is None:
            return key
        shown = held.payload.get("reply", {}).get("title")
        if held.status != "skipped" and shown == reply.title:
            return key  # this very post holds the day: "already gone out"
        number = self._day_number(community, day)
        assert number is not None  # ``reply`` is this day's roadmap post
        return moved_day_key(day, number)

    def expected(self, community: Community, day: date) -> list[tuple[str, str]]:
        """(kind, key) of every post ``posts_for`` makes for study ``day`` when scheduled —
        without the database, so the scheduler can tell cheaply whether a community has
        anything due."""
        assert community.roadmap_start is not None
        n = roadmap_day(community.roadmap_start, day)
        total = len(self._catalog.roadmap.days)
        if n == total + 1:
            return [("complete", community.roadmap_start.isoformat())]
        if not 1 <= n <= total:
            return []
        key = day.isoformat()
        posts = [("daily", key), ("challenge", key)]
        if day.weekday() == 0 and n > 1:
            posts.append(("weekly", key))
        return posts
