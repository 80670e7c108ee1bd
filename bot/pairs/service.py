"""The study-pair commands: ``/pair join|leave|status``, the *Did you meet?* buttons, and the
moderators' ``/admin pair now|pause|resume`` and the meeting rate of ``/admin stats``."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.models import Community, Member, PairMatch
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput
from bot.domain.timeutil import human_date, zone
from bot.domain.untrusted import button_numbers
from bot.domain.wording import plural
from bot.pairs.rounds import Held, PairRounds
from bot.pairs.rules import ANSWER_WORDS, ANSWERS, MET_XP, RECENT_ROUNDS, meeting_rate, met
from bot.replies import Field, Reply
from bot.services.actor import Actor
from bot.services.members import enrol, member_timezone, member_today, visit
from bot.services.moderation import audit, moderating
from bot.services.outbox import GROUP_PREFIX
from bot.services.progress import Progression

HISTORY_SHOWN = 4


def _local(at: datetime, tz: str) -> str:
    return f"{at.astimezone(zone(tz)):%a %d %b %H:%M} ({tz})"


class PairService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        rounds: PairRounds,
        progress: Progression,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.rounds = rounds
        self._progress = progress

    # --- members --------------------------------------------------------------------------

    async def join(self, actor: Actor, cadence: str) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            en = await enrol(uow, actor, now)
            if en.member.hidden:
                raise BadInput(
                    "You chose /me hide, and hidden members are never paired. "
                    "/me show first, then /pair join."
                )
            await uow.pairs.join(en.member.id, cadence, now)
            paused = await uow.pairs.paused(en.community.id)
            await uow.commit()
        tz = member_timezone(en.member, en.community)
        when = _local(self.rounds.next_round(en.community, now), tz)
        every = "every Monday" if cadence == "weekly" else "every other Monday"
        note = " Pairing is paused by the moderators for now." if paused else ""
        return Reply(
            f"You are in the study pairs, {every}. The next round is {when}: you will get a "
            f"private introduction to your partner with an agenda and a mock-interview "
            f"question. /pair leave stops it.{note}"
        )

    async def leave(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            en = await visit(uow, actor, now)
            left = en.member.id is not None and await uow.pairs.leave(en.member.id)
            await uow.commit()
        if not left:
            return Reply("You are not in the study pairs. /pair join [weekly|biweekly] joins.")
        return Reply("You left the study pairs. Your past rounds stay in /pair status.")

    async def status(self, actor: Actor) -> Reply:
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            en = await visit(uow, actor, now)
            member, community = en.member, en.community
            if member.id is None:
                return Reply("You are not in the study pairs. /pair join [weekly|biweekly] joins.")
            signup = await uow.pairs.signup(member.id)
            paused = await uow.pairs.paused(community.id)
            history = await self._history(uow, member, now)
        tz = member_timezone(member, community)
        if signup is None:
            head = "You are not in the study pairs. /pair join [weekly|biweekly] joins."
        elif paused:
            head = f"You are in the study pairs ({signup.cadence}); the moderators paused them."
        else:
            when = _local(self.rounds.next_round(community, now), tz)
            head = f"You are in the study pairs ({signup.cadence}). Next round: {when}."
        fields = [Field(title, value, inline=False) for title, value in history]
        if not fields:
            fields = [Field("Rounds", "No round with you yet.", inline=False)]
        return Reply(head, title="Study pairs", fields=tuple(fields))

    async def _history(
        self, uow: UnitOfWork, member: Member, now: datetime
    ) -> list[tuple[str, str]]:
        """(title, partners and answer) of the member's last rounds, newest first."""
        out = []
        for i, placed in enumerate(await uow.pairs.history(member.id, HISTORY_SHOWN)):
            rows = await uow.pairs.group_members(placed.round.id, placed.group_no)
            partners = ", ".join(m.name for _, m in rows if m.id != member.id) or "nobody"
            answers = [p.answer for p, _ in rows]
            said = ANSWER_WORDS.get(placed.answer or "", "no answer yet")
            outcome = "you met" if met(answers) else f"you said: {said}"
            current = i == 0 and now - placed.round.held_at < timedelta(days=7)
            label = "Current partner" if current else f"Round {placed.round.number}"
            when = human_date(placed.round.held_at.date())
            out.append((f"{label} · {when}", f"{partners} · {outcome}"))
        return out

    async def answer(self, actor: Actor, arg: str) -> Reply:
        """A *Did you meet?* button: ``ROUND.ANSWER``. A yes from both earns each XP once."""
        round_text, _, answer = arg.partition(".")
        (round_id,) = button_numbers(round_text, 1, stale="That button no longer does anything.")
        if answer not in ANSWERS:
            raise BadInput("That button no longer does anything.")
        now = self._clock.now()
        async with self._uow() as uow:
            en = await enrol(uow, actor, now)
            held = await uow.pairs.round_by_id(round_id)
            place = await uow.pairs.place(round_id, en.member.id) if en.member.id else None
            if held is None or place is None or held.community_id != en.community.id:
                raise BadInput("That question is about a round you were not in.")
            rows = await uow.pairs.group_members(round_id, place.group_no)
            for match, member in rows:
                if member.id == en.member.id:
                    match.answer, match.answered_at = answer, now
            earned = await self._award(uow, en.community, rows, round_id, now)
            await uow.commit()
        if answer != "yes":
            return Reply(f"Noted: {ANSWER_WORDS[answer]}. You can still answer yes this week.")
        if en.member.id in earned:
            return Reply(f"You met: +{MET_XP} XP. Well done, both of you!")
        if met(m.answer for m, _ in rows):
            return Reply("You met — noted (the XP was already given).")
        return Reply(f"Noted. When your partner says yes too, you each get {MET_XP} XP.")

    async def _award(
        self,
        uow: UnitOfWork,
        community: Community,
        rows: list[tuple[PairMatch, Member]],
        round_id: int,
        now: datetime,
    ) -> set[int]:
        """XP for each member who said yes once the group met; the ledger's source key makes
        it once per member and round. Returns the members who earned it just now."""
        if not met(m.answer for m, _ in rows):
            return set()
        earned = set()
        for match, member in rows:
            if match.answer != "yes":
                continue
            day = member_today(member, community, now)
            if await uow.xp.award(member, MET_XP, "pair", f"pair-met:{round_id}", now, day):
                earned.add(member.id)
                await self._progress.review(uow, community, member, now)
        return earned

    # --- moderators -----------------------------------------------------------------------

    async def pair_now(self, actor: Actor) -> Reply:
        async with moderating(self._uow, self._clock, actor, "pair now") as (uow, en, now):
            await audit(uow, en, "pair now", now)
            await uow.commit()
        key = f"now:{now:%Y-%m-%dT%H:%M}"
        result = await self.rounds.hold(en.community.id, key, now)
        if result is None:
            return Reply("A round was already held this minute; try again in a minute.")
        return Reply(_held_text(result[0]), title=f"Study pairs · round {result[0].number}")

    async def set_paused(self, actor: Actor, paused: bool) -> Reply:
        action = "pair pause" if paused else "pair resume"
        async with moderating(self._uow, self._clock, actor, action) as (uow, en, now):
            await uow.pairs.set_paused(en.community.id, paused, now)
            await audit(uow, en, action, now)
            await uow.commit()
        if paused:
            return Reply("Study pairs are paused: no Monday round until /admin pair resume.")
        return Reply("Study pairs resume with the next Monday round.")

    async def forget(self, uow: UnitOfWork, community_id: int, user_id: str) -> None:
        """``/me delete``: the member's rows cascade with them; their unsent posts go here."""
        await uow.pairs.forget_posts(community_id, user_id, GROUP_PREFIX)


def _held_text(held: Held) -> str:
    if not held.groups:
        return (
            f"No pairs this time: {held.joined} joined, and fewer than two take part "
            "(hidden, on a streak hold, or biweekly members sitting this round out)."
        )
    groups = "\n".join(" & ".join(g) for g in held.groups)
    alone = f"\nWithout a partner: {', '.join(held.unmatched)}." if held.unmatched else ""
    return f"{plural(len(held.groups), 'group')} from {held.joined} who joined:\n{groups}{alone}"


async def meeting_rate_text(uow: UnitOfWork, community_id: int) -> str:
    """The share of groups of the last rounds that met, for ``/admin stats``."""
    rounds = await uow.pairs.latest_rounds(community_id, RECENT_ROUNDS)
    asked = [r.id for r in rounds if r.checked]
    groups = await uow.pairs.groups(asked)
    done, total = meeting_rate([[m.answer for m in ms] for ms in groups.values()])
    if not total:
        return 'No round has asked "Did you meet?" yet.'
    return f"{done} of {total} groups met ({done / total:.0%}), last {len(asked)} rounds."
