"""Members' own data: hide from leaderboards, and erase everything (SPEC §6)."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock
from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.untrusted import button_numbers
from bot.replies import Button, Reply
from bot.services.actor import Actor
from bot.services.members import enrol
from bot.services.outbox import GROUP_PREFIX

CONFIRM_WITHIN = timedelta(minutes=10)
STAMP_MAX = 10**10 - 1  # the button's unix time (seconds, ten digits)


class PrivacyService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def set_hidden(self, actor: Actor, hidden: bool) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now)
            enrolment.member.hidden = hidden
            await uow.standings.set_hidden(enrolment.member.id, hidden)
            await uow.commit()
        if hidden:
            return Reply("You are hidden from leaderboards. /me show brings you back.")
        return Reply("You are shown on leaderboards again.")

    async def ask_delete(self, actor: Actor) -> Reply:
        """Step one: nothing is erased until the member presses the button within 10 minutes."""
        now = self._clock.now()
        stamp = int(now.timestamp())
        return Reply(
            "This erases everything mlpath keeps about you in this community: check-ins and "
            "streaks, notes, XP, quiz answers and cards, projects, milestones and your settings, "
            "and posts about you not yet sent. Posts already in the channel stay. It cannot be "
            "undone. Download a copy first with /me export.",
            title="Delete your data?",
            buttons=(
                Button("Delete everything", "medelete", f"{actor.user_id}.{stamp}", "danger"),
                Button("Keep my data", "mekeep", actor.user_id),
            ),
        )

    async def confirm_delete(self, actor: Actor, arg: str) -> Reply:
        """Step two: erase the member's rows; community totals keep nothing personal."""
        user_id, _, stamp = arg.rpartition(".")
        if user_id != actor.user_id:
            raise BadInput("That button is for someone else's data.")
        now = self._clock.now()
        expired = "That confirmation has expired; start again with /me delete."
        (asked,) = button_numbers(stamp, 1, stale=expired, limit=STAMP_MAX)
        if now.timestamp() - asked > CONFIRM_WITHIN.total_seconds():
            raise BadInput(expired)
        async with self._uow() as uow:
            community = await uow.communities.get(actor.platform, actor.community_id)
            member = await uow.members.get(community.id, actor.user_id) if community else None
            if community is None or member is None:
                return Reply("There is nothing stored about you here.")
            # study pairs: sign-up, rounds and answers cascade with the member; unsent posts:
            await uow.pairs.forget_posts(community.id, member.user_id, GROUP_PREFIX)
            await uow.members.erase(member, community.id)
            await uow.commit()
        return Reply("Everything mlpath stored about you in this community is erased.")

    async def keep(self, actor: Actor, arg: str) -> Reply:
        return Reply("Nothing was deleted.")
