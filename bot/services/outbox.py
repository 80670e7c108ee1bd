"""The outbox: every post is a row first, then delivered — at least once, never lost.

Choice: **at-least-once**. A row is claimed (``sending``, with a lease), sent, and marked
``sent`` with the platform message id. If the process dies after the platform accepted the
post but before ``sent`` was committed, the lease (``LEASE``) expires and the post is sent
again: that gap — milliseconds between the platform's answer and our commit — is the only
window for a duplicate. On Discord even that resend is absorbed: each post carries a nonce
derived from its outbox id with ``enforce_nonce``, so Discord returns the first message
instead of creating a second one. A worker that outlived its lease can no longer release or
fail a row another worker took over. Posts are not dropped: 429 and 5xx answers are retried
with capped exponential backoff (honouring Retry-After) for as long as the post still makes
sense (``GIVE_UP_AFTER``, a day); only permanent refusals (missing access, unknown channel)
and posts older than that end as ``failed`` — and every such ending is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.models import Community, OutboxMessage
from bot.db.repositories import Claimed
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.replies import Reply, reply_from_dict, reply_to_dict
from bot.services.ports import DeliveryFailed, Publishers

log = logging.getLogger("mlpath.outbox")

LEASE = timedelta(seconds=60)
GIVE_UP_AFTER = timedelta(days=1)
BACKOFF_CAP = timedelta(minutes=10)
DM_PREFIX = "dm:"
ROLE_PREFIX = "role:"


async def enqueue(
    uow: UnitOfWork,
    community: Community,
    kind: str,
    key: str,
    reply: Reply,
    now: datetime,
    *,
    channel: str | None = None,
    not_before: datetime | None = None,
    status: str = "pending",
) -> bool:
    """Queue a post in the caller's transaction; False when (community, kind, key) exists."""
    target = channel or community.channel_id
    if not target:
        log.info("no channel for %s/%s in community %s", kind, key, community.external_id)
        return False
    return await uow.outbox.enqueue(
        OutboxMessage(
            community_id=community.id,
            kind=kind,
            key=key,
            payload={"channel": target, "reply": reply_to_dict(reply)},
            status=status,
            attempts=0,
            not_before=not_before or now,
            created_at=now,
        )
    )


async def enqueue_role_grant(
    uow: UnitOfWork,
    community: Community,
    user_id: str,
    level_key: str,
    role_id: str,
    reason: str,
    now: datetime,
) -> bool:
    """Queue giving a member the platform role mapped to a level they hold: once per member,
    level and role. ``reason`` goes to the platform's audit log."""
    return await enqueue(
        uow,
        community,
        "role",
        f"{user_id}:level:{level_key}:{role_id}",
        Reply(reason),
        now,
        channel=f"{ROLE_PREFIX}{role_id}:{user_id}",
    )


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    wait = timedelta(seconds=min(2 ** max(attempts - 1, 0), BACKOFF_CAP.total_seconds()))
    return max(wait, timedelta(seconds=retry_after or 0))


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed


class DeliveryService:
    """Claims due rows, sends them through the platform's publisher, records the outcome."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, publishers: Publishers, worker: str
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._publishers = publishers
        self._worker = worker

    async def deliver_due(self, limit: int = 50) -> DeliveryReport:
        report = DeliveryReport()
        platforms = self._publishers.platforms()
        if not platforms:
            return report
        now = self._clock.now()
        async with self._uow() as uow:
            claimed = await uow.outbox.claim(self._worker, platforms, now, now - LEASE, limit)
            await uow.commit()
        for row in claimed:
            await self._deliver_one(row, report)
        return report

    async def deliver_now(self, row_id: int) -> bool:
        """Send one row right away, ahead of any backlog; True when it was sent."""
        report = DeliveryReport()
        async with self._uow() as uow:
            row = await uow.outbox.claim_one(self._worker, row_id, self._clock.now())
            await uow.commit()
        if row is not None:
            await self._deliver_one(row, report)
        return report.sent == 1

    async def drain(self, limit: int = 50) -> DeliveryReport:
        """Deliver until nothing is due (console and tests)."""
        total = DeliveryReport()
        while (batch := await self.deliver_due(limit)).handled:
            total.sent += batch.sent
            total.retried += batch.retried
            total.failed += batch.failed
            if not batch.sent and not batch.failed:
                break
        return total

    async def _deliver_one(self, row: Claimed, report: DeliveryReport) -> None:
        reply = reply_from_dict(row.payload["reply"])
        channel = str(row.payload["channel"])
        try:
            publisher = self._publishers.get(row.platform)
            if channel.startswith(DM_PREFIX):
                message_id = await publisher.dm(row.community, channel[len(DM_PREFIX) :], reply)
            elif channel.startswith(ROLE_PREFIX):
                role_id, _, user_id = channel[len(ROLE_PREFIX) :].partition(":")
                message_id = await publisher.grant_role(row.community, user_id, role_id, reply.text)
            else:
                message_id = await publisher.post(row.community, channel, reply, key=f"mlp{row.id}")
        except DeliveryFailed as failure:
            await self._failed(row, failure, report)
            return
        except Exception as exc:  # an unexpected error is retried like a 5xx
            log.exception("delivery of outbox row %s failed unexpectedly", row.id)
            await self._failed(row, DeliveryFailed(repr(exc), retry_after=5), report)
            return
        async with self._uow() as uow:
            await uow.outbox.mark_sent(row.id, message_id, self._clock.now())
            await uow.commit()
        report.sent += 1

    async def _failed(self, row: Claimed, failure: DeliveryFailed, report: DeliveryReport) -> None:
        now = self._clock.now()
        row_id = row.id
        give_up = failure.permanent or now - row.created_at > GIVE_UP_AFTER
        async with self._uow() as uow:
            if give_up:
                await uow.outbox.mark_failed(row_id, self._worker, failure.reason)
            else:
                later = now + backoff(row.attempts, failure.retry_after)
                await uow.outbox.retry_later(row_id, self._worker, failure.reason, later)
            await uow.commit()
        if give_up:
            log.error("outbox row %s failed for good: %s", row_id, failure.reason)
            report.failed += 1
        else:
            log.info("outbox row %s will be retried: %s", row_id, failure.reason)
            report.retried += 1
